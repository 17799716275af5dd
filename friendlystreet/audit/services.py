from __future__ import annotations

from typing import Any

from django.db import models

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
    """A field value as JSON can hold it: related rows by id, dates as ISO strings."""
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def audit_snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: _plain(getattr(obj, f)) for f in fields}


def audit_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields an edit changed (`before` is {} for a creation)."""
    return {f: [before.get(f), value] for f, value in after.items() if before.get(f) != value}
