"""Django's admin for users and roles, and the rules of the whole admin (admin_policy.py): only
superusers enter; people are masked in lists; every change is mirrored on our audit trail.

Users are read here, not made or changed: accounts come from sign-up (riders) and from
/staff/users/ (colleagues and partners' operators), roles and deactivation from /staff/users/
(reasons, the last street admin kept), verification from the reviewers' pages. What is left to
change here is the superuser's own business: who else is a superuser (is_staff, is_superuser),
a staff member's e-mail address for the web's password reset, and a password (its own form).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from friendlystreet.lists import listed

from . import roles
from .admin_policy import (
    VIEW_ONLY,
    AuditedAdmin,
    ReadOnlyAdmin,
    ServiceGoverned,
    audited,
    masked_person,
    masked_username,
    person_column,
    superusers_only,
)
from .models import User

admin.site.has_permission = superusers_only


def role_label(name: str) -> str:
    """A role group by its Chinese name (审核员), any other group by its own."""
    return str(roles.ROLE_LABELS.get(name, name))


class RoleFilter(admin.SimpleListFilter):
    title = _("Roles")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(code, label) for code, label in roles.ROLE_LABELS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(groups__name=self.value()) if self.value() else queryset


@admin.register(User)
class UserAdmin(ServiceGoverned, AuditedAdmin, BaseUserAdmin):
    list_display = ("shown_username", "shown_person", "shown_roles", "verification", "is_active", "is_superuser")
    list_filter = (RoleFilter, "verification", "is_active", "is_superuser")
    search_fields = ("username", "display_name", "phone")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("shown_username", "password")}),
        (_("Personal info"), {"fields": ("shown_person", "phone_verified", "email")}),
        (_("Roles"), {"fields": ("shown_roles", "is_active", "is_staff", "is_superuser")}),
        (
            _("Rider"),
            {
                "fields": (
                    "work_type",
                    "platform",
                    "verification",
                    "verification_note",
                    "privacy_consent_version",
                    "privacy_consent_at",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    # The verification decision tells the rider and opens redeeming to them; deactivation signs
    # the person out and keeps the last street admin; roles change what a person may do. Each is
    # audited there as what it is.
    governed = {
        "verification": _("Decided on “Riders to verify” (/staff/riders/), which tells the rider."),
        "verification_note": _("Decided on “Riders to verify” (/staff/riders/), which tells the rider."),
        "is_active": _("Changed on “Users and roles” (/staff/users/)."),
        "shown_roles": _("Changed on “Users and roles” (/staff/users/)."),
    }
    readonly_fields = (
        *("shown_username", "shown_person", "phone_verified", "work_type", "platform"),
        *("privacy_consent_version", "privacy_consent_at", "last_login", "date_joined"),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("Username"), ordering="username")
    def shown_username(self, user: User) -> str:
        return masked_username(user.username)

    @admin.display(description=pgettext_lazy("person", "name"), ordering="display_name")
    def shown_person(self, user: User) -> str:
        return masked_person(user)

    @admin.display(description=_("Roles"))
    def shown_roles(self, user: User) -> str:
        return listed(role_label(g.name) for g in user.groups.all()) or "—"

    # Accounts come from sign-up and /staff/users/, so ServiceGoverned neither adds them here (a
    # row with governed fields) nor deletes them: deleting one is the anonymisation of the privacy
    # pages (the ledger and the records stay, anonymous).


# Groups are the roles: their permissions are set in code (roles.sync_roles, at every migrate),
# who holds them on /staff/users/. Here they are shown by their Chinese names, to look at.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin, BaseGroupAdmin):
    list_display = ("shown_name", "name")

    @admin.display(description=_("Role"), ordering="name")
    def shown_name(self, group: Group) -> str:
        return role_label(group.name)


# Third parties' admins (periodic jobs, sessions, staff e-mail addresses): audited like ours,
# and a user column masked.
THIRD_PARTY = (
    "django_celery_beat.PeriodicTask",
    "django_celery_beat.ClockedSchedule",
    "django_celery_beat.CrontabSchedule",
    "django_celery_beat.SolarSchedule",
    "django_celery_beat.IntervalSchedule",
    "account.EmailAddress",
    "usersessions.UserSession",
)
for label in THIRD_PARTY:
    try:
        model = apps.get_model(label)
    except LookupError:
        continue
    if not admin.site.is_registered(model):
        continue
    registered = type(admin.site.get_model_admin(model))
    changed: dict = {}
    if "user" in registered.list_display:
        masked = person_column(model, "user")
        changed["list_display"] = tuple(masked if name == "user" else name for name in registered.list_display)
        # The user's field joined Django's select_related() by itself; a column that names it
        # masked does not: without this, one query per row.
        changed["list_select_related"] = ("user",)
    if label == "usersessions.UserSession":
        # To look only: a session row deleted here left the session itself signed in (only
        # UserSession.end() ends it), and an added or changed row recorded nothing real. Staff sign
        # a person out by deactivating them on /staff/users/ (user_set_active).
        changed.update(VIEW_ONLY)
    admin.site.unregister(model)
    admin.site.register(model, audited(registered, **changed))
