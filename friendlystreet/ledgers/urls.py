"""Staff pages of exports (mounted at the root by friendlystreet/urls.py, namespace "ledgers")."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import views

app_name = "ledgers"

urlpatterns = [
    path("staff/exports/", views.export_list, name="export_list"),
    path("staff/exports/<id:pk>/download/", views.export_download, name="export_download"),
]
