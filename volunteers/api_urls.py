"""API routes of the volunteers app (mounted at /api/v1/ by friendlystreet/urls.py, namespace "volunteers_api")."""

from django.urls import path  # noqa: F401

app_name = "volunteers_api"

urlpatterns: list = []
