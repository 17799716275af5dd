from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone

from friendlystreet.days import local_zone

from .models import AuditEntry

_SECRET_KEYS = ("password", "secret", "token", "code")


def _mask(data: dict[str, Any]) -> dict[str, Any]:
    return {k: ("***" if any(s in k.lower() for s in _SECRET_KEYS) else v) for k, v in data.items()}


def audit_record(*, actor, action: str, target: models.Model, data: dict[str, Any] | None = None) -> AuditEntry:
    """Append one audit entry, in the caller's transaction (so a rollback leaves none)."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=_mask(data or {}),
    )


def _plain(value: Any) -> Any:
    """A field value as JSON can hold it: related rows by id, dates as ISO strings, moments
    in the programme's time zone (a row read back from the database holds UTC, a form's value
    Beijing time: the same moment must not read as a change)."""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime) and timezone.is_aware(value):
        return value.astimezone(local_zone()).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def audit_snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: _plain(getattr(obj, f)) for f in fields}


def as_moment(value: Any) -> datetime | None:
    """An ISO date-time with its offset (as _plain() writes one) as an aware datetime, else None."""
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


def same_value(old: Any, new: Any) -> bool:
    """Equal, or the same moment written in two time zones."""
    if old == new:
        return True
    old_moment, new_moment = as_moment(old), as_moment(new)
    return old_moment is not None and old_moment == new_moment


def audit_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields an edit changed (`before` is {} for a creation).
    Moments are compared as moments, whatever time zone each side was written in."""
    return {f: [before.get(f), value] for f, value in after.items() if not same_value(before.get(f), value)}
