"""Inbox pages (namespace "notifications") and the staff page of failed deliveries."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/settings/", views.preferences, name="preferences"),
    path("notifications/language/", views.set_language, name="set_language"),
    path("notifications/read-all/", views.mark_all_read, name="mark_all_read"),
    path("notifications/<id:pk>/open/", views.open_notification, name="open"),
    path("notifications/<id:pk>/read/", views.mark_read, name="mark_read"),
    path("staff/notifications/deliveries/", views.staff_deliveries, name="staff_deliveries"),
    path("staff/notifications/deliveries/<id:pk>/retry/", views.staff_delivery_retry, name="staff_delivery_retry"),
]
