"""Public pages of the site itself (not of a feature app), mounted at / by friendlystreet/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("points/rules/", views.points_rules, name="points_rules"),
]
