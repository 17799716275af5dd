"""Django admin for the volunteers app: reply templates of the report triage, which staff
write and change here, and a read-only view of neighbourhood reports for the superuser.
Reports change only through the services (the staff triage pages), so that the state
machine, the payment on acceptance, the reporter's notice and the audit trail are never
bypassed."""

from __future__ import annotations

from django.contrib import admin

from .models import MeToo, ReplyTemplate, Report, ReportPhoto, ReportUpdate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "status", "active"]
    list_filter = ["category", "status", "active"]
    search_fields = ["title", "text"]
    list_editable = ["active"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReportPhotoInline(ReadOnlyInline):
    model = ReportPhoto
    fields = ["id", "content_type", "size", "created_at"]
    readonly_fields = fields


class ReportUpdateInline(ReadOnlyInline):
    model = ReportUpdate
    fields = ["status", "note", "author", "created_at"]
    readonly_fields = fields


class MeTooInline(ReadOnlyInline):
    model = MeToo
    fields = ["rider", "created_at"]
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["id", "category", "status", "community", "reporter", "assigned_to", "created_at"]
    list_filter = ["status", "category", "community"]
    list_select_related = ["community", "reporter", "assigned_to"]
    search_fields = ["description", "address"]
    date_hierarchy = "created_at"
    raw_id_fields = ["reporter", "assigned_to", "duplicate_of", "community"]
    inlines = [ReportPhotoInline, ReportUpdateInline, MeTooInline]

    # Superusers only, and only to look: triage is the staff pages' (services') work.
    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
