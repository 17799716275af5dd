"""HTML pages of the venues app (mounted at / by friendlystreet/urls.py, namespace "venues")."""

from django.urls import path  # noqa: F401

app_name = "venues"

urlpatterns: list = []
