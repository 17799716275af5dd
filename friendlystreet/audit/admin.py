from django.contrib import admin

from friendlystreet.accounts.admin_policy import person_column

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", person_column(AuditEntry, "actor"), "action", "target_type", "target_id")
    list_select_related = ("actor",)  # the masked column reads the actor: not one query per row
    list_filter = ("action", "target_type")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
