from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "phone", "verification", "is_active")
    list_filter = ("verification", "groups", "is_active")
    search_fields = ("username", "display_name", "phone")
    # Rights come from the role groups only (backends.py): no per-user permissions to set.
    fieldsets = tuple(
        (name, {**options, "fields": tuple(f for f in options["fields"] if f != "user_permissions")})
        for name, options in BaseUserAdmin.fieldsets
    ) + (
        (
            _("Rider"),
            {
                "fields": (
                    "phone",
                    "phone_verified",
                    "display_name",
                    "work_type",
                    "platform",
                    "verification",
                    "verification_note",
                    "privacy_consent_version",
                    "privacy_consent_at",
                )
            },
        ),
    )
