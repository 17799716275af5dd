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
from django.utils.translation import gettext_lazy

from friendlystreet.accounts.models import User, Verification
from friendlystreet.audit.models import AuditEntry
from friendlystreet.audit.services import audit_record
from friendlystreet.privacy.access import EVIDENCE_VIEWED, access_record
from friendlystreet.uploads import clean_image, content_type_of, delete_files

from .selectors import PERM_SUBMIT, PERM_VERIFY

DECISIONS = ("accounts.rider_verified", "accounts.rider_rejected")
# The states in the words the staff pages use: a refusal is 认证未通过, as the rider's home
# and the notice say it (the model's label, 已驳回, is the claims' word).
STATUS_LABELS = {
    Verification.UNVERIFIED: Verification.UNVERIFIED.label,
    Verification.VERIFIED: Verification.VERIFIED.label,
    Verification.REJECTED: gettext_lazy("Not verified"),
}
EVIDENCE_UPLOADED = "accounts.evidence_uploaded"


# --- the rider's evidence --------------------------------------------------------------------


def evidence_save(*, rider: User, upload: Any) -> User:
    """Store a screenshot of the rider's platform profile, cleaned like claim photos (an
    image by its content, size-capped, re-encoded without EXIF), in place of the last one.

    A rider whose verification was refused and who sends a new screenshot waits for a
    decision again: back to unverified, so the queue, its count and the dashboard's to-do
    list show them (selectors.riders_to_verify). The refusal stays in the decision history
    (decision_history), and its reason in verification_note until the next decision, so the
    rider and the reviewer both read "sent again after a refusal" (resubmitted())."""
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
        data: dict[str, Any] = {"replaced": bool(old)}
        fields = ["verification_evidence"]
        if locked.verification == Verification.REJECTED:
            locked.verification = Verification.UNVERIFIED
            fields.append("verification")
            # The pair under "changes": beside the plain "replaced" the trail reads it as a before/after.
            data["changes"] = {"verification": [Verification.REJECTED, Verification.UNVERIFIED]}
        try:
            locked.save(update_fields=fields)
            audit_record(actor=rider, action=EVIDENCE_UPLOADED, target=locked, data=data)
        except Exception:
            delete_files(saved)
            raise
        if old:
            # The old screenshot goes once the new one is committed: a rollback keeps it.
            transaction.on_commit(lambda: delete_files([old]))
    return locked


def last_upload(rider: User) -> AuditEntry | None:
    """The audit entry of the rider's latest screenshot (None: none sent): the one a verifier's
    page shows, which a decision is for (services.SeenVerification.upload_id)."""
    return (
        AuditEntry.objects.filter(target_type=rider._meta.label_lower, target_id=str(rider.pk), action=EVIDENCE_UPLOADED)
        .order_by("-id")
        .only("id", "created_at", "data")
        .first()
    )


def replaced_since_decision(upload: AuditEntry | None, history: list[AuditEntry]) -> bool:
    """The screenshot shown (last_upload) took the place of one the rider had sent before, after
    the last decision (decision_history, newest first): a verifier who looked at the earlier one
    learns the one they see is new. Not the screenshot that sent a refused rider back to the
    queue (its "changes": resubmitted() says that), nor one sent when the earlier was already
    deleted (retention: nothing was replaced)."""
    if upload is None:
        return False
    data = upload.data or {}
    after_decision = upload.pk > (history[0].pk if history else 0)
    return bool(data.get("replaced")) and "changes" not in data and after_decision


def resubmitted(rider: User) -> bool:
    """Sent a new screenshot after a refusal and waiting for the decision: unverified with the
    last refusal's reason still on the row (only a refusal writes one; the next decision
    replaces it)."""
    return rider.verification == Verification.UNVERIFIED and bool(rider.verification_note)


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


# --- details the verification vouched for ------------------------------------------------------

# What the street office checked against the platform screenshot: a change of any of them
# needs a new check.
VERIFIED_DETAILS = ("display_name", "platform", "work_type")
VERIFICATION_REOPENED = "accounts.verification_reopened"


def verified_details_changed(*, rider: User, before: dict[str, Any]) -> bool:
    """The one rule for a rider's verified details: a verified rider whose name, platform or
    work type changed is sent back to verification (unverified, waiting in the staff queue),
    with an audit entry naming what changed. To be called by the service that saves the
    details, in its transaction, on the locked and changed row; `before` holds the values
    before the change. True if the rider now waits for verification again."""
    if rider.verification != Verification.VERIFIED:
        return False
    changed = [name for name in VERIFIED_DETAILS if before.get(name, "") != getattr(rider, name)]
    if not changed:
        return False
    rider.verification = Verification.UNVERIFIED
    rider.verification_note = ""  # no refusal to read: the rider waits as a newcomer does
    rider.save(update_fields=["verification", "verification_note"])
    audit_record(
        actor=rider,
        action=VERIFICATION_REOPENED,
        target=rider,
        # The pair under "changes", so that a list of exactly two fields is not read as a before/after.
        data={"changes": {"verification": [Verification.VERIFIED, Verification.UNVERIFIED]}, "changed": changed},
    )
    return True


# --- earlier decisions ------------------------------------------------------------------------


def decision_history(rider: User, *, limit: int = 20) -> list[AuditEntry]:
    """The verification decisions on this rider, newest first, with who made them."""
    return list(
        AuditEntry.objects.filter(target_type=rider._meta.label_lower, target_id=str(rider.pk), action__in=DECISIONS)
        .select_related("actor")
        .only("id", "created_at", "action", "data", "actor__id", "actor__username", "actor__display_name", "actor__phone")
        .order_by("-id")[:limit]
    )
