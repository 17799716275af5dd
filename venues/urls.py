"""HTML pages of the venues app (mounted at / by friendlystreet/urls.py, namespace "venues")."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import partners, views

app_name = "venues"

urlpatterns = [
    # Public: no login needed.
    path("venues/", views.venue_list, name="venue_list"),
    path("venues/<id:pk>/", views.venue_detail, name="venue_detail"),
    path("venues/photos/<id:pk>/", views.venue_photo, name="venue_photo"),
    path("venues/photos/<id:pk>/thumb/", views.venue_photo_thumb, name="venue_photo_thumb"),
    path("venues/photos/<id:pk>/list/", views.venue_photo_list, name="venue_photo_list"),
    path("compounds/", views.compound_list, name="compound_list"),
    path("compounds/<id:pk>/", views.compound_detail, name="compound_detail"),
    path("compounds/<id:pk>/tips/", views.tip_create, name="tip_create"),
    path("compounds/tips/<id:pk>/photo/", views.tip_photo, name="tip_photo"),
    path("compounds/tips/<id:pk>/withdraw/", views.tip_retract, name="tip_retract"),
    path("partners/", partners.partners, name="partners"),
    # Partner operators: the everyday details of the venue they run.
    path("venues/mine/", views.my_venue, name="my_venue"),
    path("venues/<id:pk>/details/", views.venue_details_edit, name="venue_details_edit"),
    path(
        "venues/<id:pk>/details/photos/<id:photo_pk>/delete/",
        views.venue_details_photo_delete,
        name="venue_details_photo_delete",
    ),
    # Staff: street admins manage, reviewers moderate tips.
    path("staff/venues/", views.staff_venue_list, name="staff_venue_list"),
    path("staff/venues/new/", views.staff_venue_create, name="staff_venue_create"),
    path("staff/venues/<id:pk>/", views.staff_venue_edit, name="staff_venue_edit"),
    path("staff/venues/<id:pk>/active/", views.staff_venue_set_active, name="staff_venue_set_active"),
    path("staff/venues/photos/<id:pk>/delete/", views.staff_venue_photo_delete, name="staff_venue_photo_delete"),
    path("staff/venues/import/", views.staff_venue_import, name="staff_venue_import"),
    path("staff/venues/export/", views.staff_venue_export, name="staff_venue_export"),
    path("staff/venues/import/template/", views.staff_venue_import_template, name="staff_venue_import_template"),
    path("staff/venues/amenities/", views.staff_amenity_list, name="staff_amenity_list"),
    path("staff/venues/amenities/<id:pk>/", views.staff_amenity_edit, name="staff_amenity_edit"),
    path("staff/venues/communities/", views.staff_community_list, name="staff_community_list"),
    path("staff/venues/communities/<id:pk>/", views.staff_community_edit, name="staff_community_edit"),
    path("staff/venues/communities/<id:pk>/delete/", views.staff_community_delete, name="staff_community_delete"),
    path("staff/venues/compounds/", views.staff_compound_list, name="staff_compound_list"),
    path("staff/venues/compounds/new/", views.staff_compound_create, name="staff_compound_create"),
    path("staff/venues/compounds/<id:pk>/", views.staff_compound_edit, name="staff_compound_edit"),
    path("staff/venues/tips/", views.staff_tip_queue, name="staff_tip_queue"),
    path("staff/venues/tips/<id:pk>/approve/", views.staff_tip_approve, name="staff_tip_approve"),
    path("staff/venues/tips/<id:pk>/reject/", views.staff_tip_reject, name="staff_tip_reject"),
    path("staff/venues/tips/<id:pk>/withdraw/", views.staff_tip_withdraw, name="staff_tip_withdraw"),
    # The partners that are not venues (the wall's second part): those who manage venues.
    path("staff/partners/", partners.staff_partner_list, name="staff_partner_list"),
    path("staff/partners/new/", partners.staff_partner_edit, name="staff_partner_new"),
    path("staff/partners/<id:pk>/", partners.staff_partner_edit, name="staff_partner_edit"),
]
