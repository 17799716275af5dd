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
