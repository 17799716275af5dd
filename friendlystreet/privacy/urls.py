"""Pages of data rights (mounted at the root by friendlystreet/urls.py, namespace "privacy")."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import views

app_name = "privacy"

urlpatterns = [
    path("profile/data/", views.data_page, name="data"),
    path("profile/data/<id:pk>/download/", views.export_download, name="export_download"),
    path("profile/delete/", views.delete_page, name="delete"),
    path("staff/riders/<id:pk>/anonymise/", views.staff_anonymise, name="staff_anonymise"),
    path("staff/riders/<id:pk>/personal-data/", views.personal_data, name="personal_data"),
]
