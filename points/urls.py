"""HTML pages of the points app (mounted at / by friendlystreet/urls.py, namespace "points")."""

from django.urls import path  # noqa: F401

app_name = "points"

urlpatterns: list = []
