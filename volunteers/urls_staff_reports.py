"""Staff triage of neighbourhood reports; included by volunteers/urls.py (namespace "volunteers")."""

from __future__ import annotations

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from .views import staff_reports

urlpatterns: list = [
    path("staff/reports/", staff_reports.report_list, name="staff_report_list"),
    path("staff/reports/duplicates/", staff_reports.bulk_duplicate, name="staff_report_bulk_duplicate"),
    path("staff/reports/<id:pk>/", staff_reports.report_detail, name="staff_report_detail"),
    path("staff/reports/<id:pk>/transition/", staff_reports.transition, name="staff_report_transition"),
    path("staff/reports/<id:pk>/assign/", staff_reports.assign, name="staff_report_assign"),
    path("staff/reports/<id:pk>/community/", staff_reports.set_community, name="staff_report_community"),
    path("staff/reports/templates/", staff_reports.reply_template_list, name="staff_reply_template_list"),
    path("staff/reports/templates/new/", staff_reports.reply_template_new, name="staff_reply_template_new"),
    path("staff/reports/templates/<id:pk>/", staff_reports.reply_template_edit, name="staff_reply_template_edit"),
]
