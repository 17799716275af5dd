"""API routes of exports (mounted at /api/v1/ by friendlystreet/urls.py, namespace "ledgers_api")."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import api

app_name = "ledgers_api"

urlpatterns = [
    path("staff/exports/", api.ExportListCreateApi.as_view(), name="export_list"),
    path("staff/exports/<id:pk>/", api.ExportDetailApi.as_view(), name="export_detail"),
    path("staff/exports/<id:pk>/file/", api.ExportFileApi.as_view(), name="export_file"),
]
