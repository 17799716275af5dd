"""API routes of the venues app (mounted at /api/v1/ by friendlystreet/urls.py, namespace "venues_api")."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import api, api_partners

app_name = "venues_api"

urlpatterns = [
    path("venues/", api.VenueListApi.as_view(), name="venue_list"),
    path("venues/create/", api.VenueCreateApi.as_view(), name="venue_create"),
    path("venues/<id:pk>/", api.VenueDetailApi.as_view(), name="venue_detail"),
    path("venues/<id:pk>/update/", api.VenueUpdateApi.as_view(), name="venue_update"),
    path("amenities/", api.AmenityListApi.as_view(), name="amenity_list"),
    path("compounds/", api.CompoundListApi.as_view(), name="compound_list"),
    path("compounds/<id:pk>/", api.CompoundDetailApi.as_view(), name="compound_detail"),
    path("compounds/<id:pk>/tips/", api.TipCreateApi.as_view(), name="tip_create"),
    path("compounds/tips/<id:pk>/withdraw/", api.TipRetractApi.as_view(), name="tip_retract"),
    path("partners/", api_partners.PartnerListApi.as_view(), name="partner_list"),
    path("merchant/venues/<id:pk>/", api_partners.MerchantVenueDetailsApi.as_view(), name="merchant_venue_details"),
]
