"""Neighbourhood reports for riders and the public; included by volunteers/urls.py (namespace "volunteers")."""

from __future__ import annotations

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from .views import reports

urlpatterns: list = [
    path("reports/", reports.report_list, name="report_list"),
    path("reports/new/", reports.report_new, name="report_new"),
    path("reports/nearby/", reports.report_nearby, name="report_nearby"),
    path("reports/resolved/", reports.report_map, name="report_map"),
    path("reports/photos/<id:pk>/", reports.report_photo, name="report_photo"),
    path("reports/<id:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<id:pk>/me-too/", reports.report_me_too, name="report_me_too"),
]
