"""HTML pages of the volunteers app (mounted at / by friendlystreet/urls.py, namespace "volunteers")."""

from django.urls import path  # noqa: F401

app_name = "volunteers"

urlpatterns: list = []
