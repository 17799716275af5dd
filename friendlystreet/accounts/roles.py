"""Roles are Django groups; what a role may do is the permissions of its group.

Code asks `user.has_perm(...)`, never "is this user a reviewer": giving a street
admin's power to someone else is a data change, not a code change. Feature apps
add their permissions to ROLE_PERMISSIONS below (app_label.codename).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

RIDER = "rider"
PARTNER = "partner_operator"
REVIEWER = "reviewer"
STREET_ADMIN = "street_admin"

ROLE_LABELS = {
    RIDER: _("Rider"),
    PARTNER: _("Partner operator"),
    REVIEWER: _("Reviewer"),
    STREET_ADMIN: _("Street admin"),
}

# The staff area is for reviewers and street admins.
STAFF_AREA = "accounts.access_staff_area"
VERIFY_RIDERS = "accounts.verify_rider"
REDEMPTION_PAGE = "accounts.access_redemption_page"
# Who a rider's notification kind is for, when its app has no rider permission of its own.
RIDER_NOTICES = "accounts.receive_rider_notices"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    RIDER: [RIDER_NOTICES],
    PARTNER: [REDEMPTION_PAGE],
    REVIEWER: [STAFF_AREA, VERIFY_RIDERS],
    STREET_ADMIN: [STAFF_AREA, VERIFY_RIDERS, "accounts.manage_site", "accounts.manage_users"],
}


def add_role_permissions(role: str, perms: list[str]) -> None:
    """Feature apps call this at import time (in AppConfig.ready) to extend a role."""
    ROLE_PERMISSIONS.setdefault(role, [])
    for perm in perms:
        if perm not in ROLE_PERMISSIONS[role]:
            ROLE_PERMISSIONS[role].append(perm)


@transaction.atomic
def sync_roles() -> None:
    """Create the role groups and give them exactly their permissions. Idempotent.

    A permission whose app is not migrated yet is left out; the next migrate adds it."""
    dotted_names = {dotted for perms in ROLE_PERMISSIONS.values() for dotted in perms}
    pairs = [dotted.split(".", 1) for dotted in dotted_names]
    found = {
        f"{perm.content_type.app_label}.{perm.codename}": perm
        for perm in Permission.objects.filter(
            content_type__app_label__in={label for label, _codename in pairs},
            codename__in={codename for _label, codename in pairs},
        ).select_related("content_type")
    }
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([found[dotted] for dotted in perms if dotted in found])


def role_names(user) -> list[str]:
    if not user.is_authenticated:
        return []
    return sorted(g.name for g in user.groups.all() if g.name in ROLE_PERMISSIONS)
