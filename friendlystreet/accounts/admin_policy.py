"""Django's admin here: who enters it, how it names people, and what it leaves on our audit trail.

- Only superusers (the system administrator, who runs the server) enter /admin/. Street admins
  do their work in the staff area (/staff/), whose pages go through the services: checks, one
  transaction, the audit trail, and riders' data masked with every reveal logged. A signed-in
  street admin who opens /admin/ gets the page that says so (pages/admin_site.py, which asks
  admin.site.has_permission(), replaced by superusers_only() in accounts/admin.py).
- Lists name people masked (张* 138****0001), as the staff pages do, riders or not: the admin
  has no reveal with a reason, so it shows nothing that would need one.
- Every add, change and delete made there is mirrored on our audit trail (AuditedAdmin), beside
  Django's own history, which the street admins' /staff/audit/ page does not read.
- What a service governs is done on the staff pages, not here: claims, balances, the ledger,
  vouchers, reports are read-only (ReadOnlyAdmin); where the superuser may still edit a row
  (a venue, an amenity), the fields a service checks are shown read-only with the staff page
  that changes them, and rows are deleted only as the service would (ServiceGoverned).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.http import HttpRequest

from friendlystreet.audit.services import audit_record
from friendlystreet.ledgers.people import DIGITS

from .phones import mask_name, mask_phone

# The audit trail's key for what the admin recorded (its change message, or the name of what
# was deleted), and its actions: labelled in accounts/apps.py.
RECORD = "admin_record"
ADDED, CHANGED, DELETED = "admin.added", "admin.changed", "admin.deleted"


def superusers_only(request: HttpRequest) -> bool:
    """admin.site.has_permission: an active superuser (is_staff alone no longer opens it)."""
    user = request.user
    return bool(user.is_active and user.is_superuser)


def masked_username(username: str | None) -> str:
    """rider13800000001 → rider138****0001: a username made of a phone shows it masked."""
    return DIGITS.sub(lambda m: mask_phone(m.group()), username or "")


def masked_person(user: Any) -> str:
    """张* 138****0001, whoever they are; their masked username if they have neither."""
    if user is None:
        return "—"
    shown = " ".join(part for part in (mask_name(user.display_name), mask_phone(user.phone)) if part)
    return shown or masked_username(user.username)


def person_column(model: type, path: str) -> Callable[[Any], str]:
    """A list column naming the person at `path` ("rider", "account.rider") masked, headed by
    the verbose name of `model`'s field the path starts with. Django's list does not join what a
    callable column reads: name the path in the admin's list_select_related ("account__rider")."""
    first = path.split(".")[0]

    def column(obj: Any) -> str:
        for name in path.split("."):
            obj = getattr(obj, name, None)
            if obj is None:
                break
        return masked_person(obj)

    column.__name__ = f"{path.replace('.', '_')}_masked"
    description = model._meta.get_field(first).verbose_name
    return admin.display(description=description, ordering=path.replace(".", "__"))(column)


def _record(message: Any) -> str:
    """The admin's change message (a JSON list of what changed) in words, as its history shows it."""
    if isinstance(message, list):
        return LogEntry(change_message=json.dumps(message)).get_change_message()
    return str(message or "")


def _name(obj: Any) -> str:
    if hasattr(obj, "masked_phone"):  # a user: never their full name or phone
        return masked_person(obj)
    return str(obj)[:200]


class AuditedAdmin:
    """A ModelAdmin mixin: Django's history of the admin's adds, changes and deletions, also on
    our audit trail (who, what, which object, what the admin recorded), in the same transaction
    (the admin's views are atomic). log_deletions, not log_deletion: Django 5.1 deprecated the
    latter, and both the delete page and the bulk action call the former."""

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        audit_record(actor=request.user, action=ADDED, target=obj, data={RECORD: _record(message)})
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        audit_record(actor=request.user, action=CHANGED, target=obj, data={RECORD: _record(message)})
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            audit_record(actor=request.user, action=DELETED, target=obj, data={RECORD: _name(obj)})
        return entries


class ReadOnlyAdmin(admin.ModelAdmin):
    """To look, never to change: what the staff pages' services write."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    """An inline to look at, never to change (rows the services write, or check as a whole)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ServiceGoverned:
    """A ModelAdmin (or inline) mixin for rows the superuser may still edit here, some of whose
    fields or whose deletion a service governs: a rule checked there (a plaque's number is its
    own, a venue is not entered twice), a value that never changes, an audit entry or a notice.
    Saved here, they would skip all of that.

    - `governed`: each such field and where staff change it. Read-only here, with that sentence
      as its help text. A row that has such fields is added on the staff pages too: they could
      not be filled in here.
    - `deletable`: the service's own test of whether a row may go (a staticmethod: row → bool,
      asking a selector); None, the default: never deleted here (the staff pages retire rows, or keep them for
      their history). Django's delete page and bulk action both ask has_delete_permission for
      each row, so neither deletes one the test refuses."""

    governed: Mapping[str, Any] = {}
    deletable: Callable[[Any], bool] | None = None

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.governed)

    def get_form(self, request, obj=None, **kwargs):
        # The help text of a read-only field is read from the form's Meta (AdminReadonlyField).
        kwargs["help_texts"] = {**self.governed, **(kwargs.get("help_texts") or {})}
        return super().get_form(request, obj, **kwargs)

    def has_add_permission(self, request, *args) -> bool:  # an inline's takes the parent row too
        return not self.governed and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None) -> bool:
        if self.deletable is None:
            return False
        return super().has_delete_permission(request, obj) and (obj is None or self.deletable(obj))


# What a third party's ModelAdmin becomes to look only (ReadOnlyAdmin's permissions): audited(…, **VIEW_ONLY).
VIEW_ONLY = {
    name: ReadOnlyAdmin.__dict__[name] for name in ("has_add_permission", "has_change_permission", "has_delete_permission")
}


def audited(registered: type[admin.ModelAdmin], **attrs: Any) -> type[admin.ModelAdmin]:
    """A third party's ModelAdmin with AuditedAdmin mixed in (and `attrs` changed)."""
    return type(registered.__name__, (AuditedAdmin, registered), {"__module__": __name__, **attrs})
