"""The audit trail's page (mounted at / by friendlystreet/urls.py, namespace "audit")."""

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("staff/audit/", views.audit_list, name="audit_list"),
]
