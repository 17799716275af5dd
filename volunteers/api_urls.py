"""API routes of the volunteers app (mounted at /api/v1/ by friendlystreet/urls.py, namespace "volunteers_api")."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import api

app_name = "volunteers_api"

urlpatterns = [
    path("activities/", api.ActivityListCreateApi.as_view(), name="activity_list"),
    path("activities/<id:pk>/", api.ActivityDetailApi.as_view(), name="activity_detail"),
    path("activities/<id:pk>/signup/", api.ActivitySignupApi.as_view(), name="activity_signup"),
    path("activities/<id:pk>/cancel-signup/", api.ActivityCancelSignupApi.as_view(), name="activity_cancel_signup"),
    path("activities/<id:pk>/my-checkin/", api.MyCheckinApi.as_view(), name="activity_my_checkin"),
    path("activities/<id:pk>/checkin/", api.ActivityCheckinApi.as_view(), name="activity_checkin"),
    path("activities/<id:pk>/finish/", api.ActivityFinishApi.as_view(), name="activity_finish"),
    path("activities/<id:pk>/cancel/", api.ActivityCancelApi.as_view(), name="activity_cancel"),
    path("me/volunteer-record/", api.MyVolunteerRecordApi.as_view(), name="me_volunteer_record"),
]
