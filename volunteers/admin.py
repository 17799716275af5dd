"""Django admin for the volunteers app (superusers only: friendlystreet/accounts/admin_policy.py):
reply templates of the report triage, switched on or off here with an audit entry (their words
are checked, and they are added, on the staff page: ServiceGoverned), and a read-only view of
neighbourhood reports, their reporters masked.
Reports change only through the services (the staff triage pages), so that the state
machine, the payment on acceptance, the reporter's notice and the audit trail are never
bypassed."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.admin_policy import (
    AuditedAdmin,
    ReadOnlyInline,
    ServiceGoverned,
    masked_person,
    person_column,
)

from .models import MeToo, ReplyTemplate, Report, ReportPhoto, ReportUpdate

# reply_template_save checks what a reporter will read (plain text of a bounded length, a state
# a report can move to); it has no deletion: untick "active" to stop offering one.
TEMPLATE_PAGE = _(
    "Changed on the staff page “Reply templates” (/staff/reports/templates/), which checks it before a reporter reads it."
)


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(ServiceGoverned, AuditedAdmin, admin.ModelAdmin):
    list_display = ["title", "category", "status", "active"]
    list_filter = ["category", "status", "active"]
    search_fields = ["title", "text", "text_en"]
    list_editable = ["active"]
    governed = dict.fromkeys(("category", "status", "title", "text", "text_en"), TEMPLATE_PAGE)


class ReportPhotoInline(ReadOnlyInline):
    model = ReportPhoto
    fields = ["id", "content_type", "size", "created_at"]
    readonly_fields = fields


class ReportUpdateInline(ReadOnlyInline):
    model = ReportUpdate
    fields = ["status", "note", "shown_author", "created_at"]
    readonly_fields = fields

    @admin.display(description=ReportUpdate._meta.get_field("author").verbose_name)
    def shown_author(self, update: ReportUpdate) -> str:
        return masked_person(update.author)


class MeTooInline(ReadOnlyInline):
    model = MeToo
    fields = ["shown_rider", "created_at"]
    readonly_fields = fields

    @admin.display(description=MeToo._meta.get_field("rider").verbose_name)
    def shown_rider(self, me_too: MeToo) -> str:
        return masked_person(me_too.rider)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        *("id", "category", "status", "community"),
        *(person_column(Report, "reporter"), person_column(Report, "assigned_to"), "created_at"),
    ]
    exclude = ["reporter", "assigned_to"]
    readonly_fields = ["shown_reporter", "shown_assignee"]
    list_filter = ["status", "category", "community"]
    list_select_related = ["community", "reporter", "assigned_to"]
    search_fields = ["description", "address"]
    date_hierarchy = "created_at"
    raw_id_fields = ["reporter", "assigned_to", "duplicate_of", "community"]
    inlines = [ReportPhotoInline, ReportUpdateInline, MeTooInline]

    @admin.display(description=Report._meta.get_field("reporter").verbose_name)
    def shown_reporter(self, report: Report) -> str:
        return masked_person(report.reporter)

    @admin.display(description=Report._meta.get_field("assigned_to").verbose_name)
    def shown_assignee(self, report: Report) -> str:
        return masked_person(report.assigned_to) if report.assigned_to_id else "—"

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
