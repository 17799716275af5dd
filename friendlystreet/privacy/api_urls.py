"""API of data rights (mounted at /api/v1/ by friendlystreet/urls.py, namespace "privacy_api")."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import api

app_name = "privacy_api"

urlpatterns = [
    path("me/exports/", api.ExportCreateApi.as_view(), name="export_create"),
    path("me/exports/<id:pk>/", api.ExportDetailApi.as_view(), name="export_detail"),
    path("me/exports/<id:pk>/file/", api.ExportFileApi.as_view(), name="export_file"),
    path("me/deletion/code/", api.DeletionCodeApi.as_view(), name="deletion_code"),
    path("me/deletion/", api.DeletionApi.as_view(), name="deletion"),
    path("staff/riders/<id:pk>/anonymise/", api.StaffAnonymiseApi.as_view(), name="staff_anonymise"),
]
