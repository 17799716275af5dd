"""Inbox API (namespace "notifications_api")."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import api

app_name = "notifications_api"

urlpatterns = [
    path("notifications/", api.NotificationListApi.as_view(), name="list"),
    path("notifications/read-all/", api.NotificationReadAllApi.as_view(), name="read_all"),
    path("notifications/<id:pk>/read/", api.NotificationReadApi.as_view(), name="read"),
]
