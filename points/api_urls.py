"""API routes of the points app (mounted at /api/v1/ by friendlystreet/urls.py, namespace "points_api")."""

from django.urls import path  # noqa: F401

app_name = "points_api"

urlpatterns: list = []
