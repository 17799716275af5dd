"""Rider verification, what staff need to decide (issue 17): the rider's own evidence and the
history of earlier decisions (the full name and phone are revealed, with a reason, by
friendlystreet.privacy.access.personal_data_reveal).

The decision itself is services.rider_verify(); this module holds what goes around it.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404

from friendlystreet.accounts.models import User
from friendlystreet.audit.models import AuditEntry
from friendlystreet.audit.services import audit_record
from friendlystreet.privacy.access import EVIDENCE_VIEWED, access_record
from friendlystreet.uploads import clean_image, content_type_of, delete_files

from .selectors import PERM_SUBMIT, PERM_VERIFY

DECISIONS = ("accounts.rider_verified", "accounts.rider_rejected")
EVIDENCE_UPLOADED = "accounts.evidence_uploaded"


# --- the rider's evidence --------------------------------------------------------------------


def evidence_save(*, rider: User, upload: Any) -> User:
    """Store a screenshot of the rider's platform profile, cleaned like claim photos (an
    image by its content, size-capped, re-encoded without EXIF), in place of the last one."""
    if not rider.has_perm(PERM_SUBMIT):
        raise PermissionDenied
    try:
        content = clean_image(upload)  # slow: outside the transaction
    except ValidationError as exc:
        raise ValidationError({"evidence": exc.messages}) from None
    saved: list[str] = []
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=rider.pk)
        old = locked.verification_evidence.name
        locked.verification_evidence.save(content.name, content, save=False)
        saved.append(locked.verification_evidence.name)
        try:
            locked.save(update_fields=["verification_evidence"])
            audit_record(actor=rider, action=EVIDENCE_UPLOADED, target=locked, data={"replaced": bool(old)})
        except Exception:
            delete_files(saved)
            raise
        if old:
            # The old screenshot goes once the new one is committed: a rollback keeps it.
            transaction.on_commit(lambda: delete_files([old]))
    return locked


def evidence_visible_to(user: User, rider_id: int) -> tuple[bytes, str]:
    """The evidence's bytes and type for the rider themself and staff who verify riders;
    404 for anyone else, and when there is none (no hint that the rider exists)."""
    if not user.is_authenticated or (user.pk != rider_id and not user.has_perm(PERM_VERIFY)):
        raise Http404
    rider = User.objects.filter(pk=rider_id).only("pk", "verification_evidence").first()
    name = rider.verification_evidence.name if rider else ""
    if not name:
        raise Http404
    if user.pk != rider_id:
        # Staff opening a rider's evidence: one access-log entry, for the purpose it is shown for.
        access_record(
            viewer=user, rider=rider, action=EVIDENCE_VIEWED, what=["verification_evidence"], reason="rider_verification"
        )
    try:
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    return data, content_type_of(io.BytesIO(data))


# --- earlier decisions ------------------------------------------------------------------------


def decision_history(rider: User, *, limit: int = 20) -> list[AuditEntry]:
    """The verification decisions on this rider, newest first, with who made them."""
    return list(
        AuditEntry.objects.filter(target_type=rider._meta.label_lower, target_id=str(rider.pk), action__in=DECISIONS)
        .select_related("actor")
        .only("id", "created_at", "action", "data", "actor__id", "actor__username", "actor__display_name", "actor__phone")
        .order_by("-id")[:limit]
    )
