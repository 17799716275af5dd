"""API routes of the venues app (mounted at /api/v1/ by friendlystreet/urls.py, namespace "venues_api")."""

from django.urls import path  # noqa: F401

app_name = "venues_api"

urlpatterns: list = []
