"""API routes of the volunteers app (mounted at /api/v1/ by friendlystreet/urls.py, namespace "volunteers_api")."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import api, api_reports, api_texts

app_name = "volunteers_api"

urlpatterns = [
    path("activities/", api.ActivityListCreateApi.as_view(), name="activity_list"),
    path("activities/<id:pk>/", api.ActivityDetailApi.as_view(), name="activity_detail"),
    path("activities/<id:pk>/signup/", api.ActivitySignupApi.as_view(), name="activity_signup"),
    path("activities/<id:pk>/cancel-signup/", api.ActivityCancelSignupApi.as_view(), name="activity_cancel_signup"),
    path("activities/<id:pk>/my-checkin/", api.MyCheckinApi.as_view(), name="activity_my_checkin"),
    path("activities/<id:pk>/my-checkin/qr.svg", api.MyCheckinQrApi.as_view(), name="activity_my_checkin_qr"),
    path("activities/<id:pk>/checkin/", api.ActivityCheckinApi.as_view(), name="activity_checkin"),
    path("activities/<id:pk>/finish/", api.ActivityFinishApi.as_view(), name="activity_finish"),
    path("activities/<id:pk>/cancel/", api.ActivityCancelApi.as_view(), name="activity_cancel"),
    path("me/volunteer-record/", api.MyVolunteerRecordApi.as_view(), name="me_volunteer_record"),
    path("reports/", api_reports.ReportListCreateApi.as_view(), name="report_list"),
    path("reports/nearby/", api_reports.ReportNearbyApi.as_view(), name="report_nearby"),
    path("reports/<id:pk>/", api_reports.ReportDetailApi.as_view(), name="report_detail"),
    path("reports/<id:pk>/photos/<id:photo_pk>/", api_reports.ReportPhotoApi.as_view(), name="report_photo"),
    path("reports/<id:pk>/me-too/", api_reports.ReportMeTooApi.as_view(), name="report_me_too"),
    path("reports/<id:pk>/transition/", api_reports.ReportTransitionApi.as_view(), name="report_transition"),
    path("texts/", api_texts.TextListApi.as_view(), name="text_list"),
    path("texts/<id:pk>/", api_texts.TextDetailApi.as_view(), name="text_detail"),
    path("texts/<id:pk>/sign/", api_texts.TextSignApi.as_view(), name="text_sign"),
]
