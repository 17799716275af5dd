"""Users and roles (用户与角色): the street admins' pages (staff_views.py)."""

from __future__ import annotations

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import staff_views

app_name = "staff_users"

urlpatterns = [
    path("staff/users/", staff_views.user_list, name="list"),
    path("staff/users/new/", staff_views.user_create, name="new"),
    path("staff/users/<id:pk>/", staff_views.user_detail, name="detail"),
    path("staff/users/<id:pk>/roles/", staff_views.user_roles, name="roles"),
    path("staff/users/<id:pk>/venues/", staff_views.user_venue_add, name="venue_add"),
    path("staff/users/<id:pk>/venues/<id:venue_pk>/remove/", staff_views.user_venue_remove, name="venue_remove"),
    path("staff/users/<id:pk>/active/", staff_views.user_active, name="active"),
]
