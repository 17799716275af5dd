"""What points holds about a rider, for friendlystreet.privacy: the export's sections (claims
and their decisions, ledger, vouchers), the anonymiser, and the retention of claim photos and
of the verification screenshot (points verifies riders)."""

from __future__ import annotations

import os
from datetime import datetime

from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.models import User, Verification
from friendlystreet.audit.models import AuditEntry
from friendlystreet.privacy import conf
from friendlystreet.privacy.registry import (
    Section,
    register_anonymiser,
    register_data_section,
    register_deletion_loss,
    register_retention,
)
from friendlystreet.uploads import delete_files

from .models import Claim, ClaimPhoto, LedgerEntry, Voucher
from .selectors import balance_of
from .verification import DECISIONS


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _photo_name(photo: ClaimPhoto) -> str:
    return f"claims/{photo.claim_id}-{os.path.basename(photo.image.name)}"


def collect_claims(user) -> Section:
    """The rider's claims; who decided is "the street office", as the rider sees it elsewhere
    (never a reviewer's name)."""
    claims = Claim.objects.filter(rider=user).select_related("rule").prefetch_related("photos").order_by("created_at", "id")
    office = gettext("the street office")
    data, photos = [], []
    for c in claims:
        names = [_photo_name(p) for p in c.photos.all()]
        photos.extend((p.image.name, _photo_name(p)) for p in c.photos.all())
        data.append(
            {
                "id": c.pk,
                "rule": c.rule.name,
                "quantity": str(c.quantity),
                "occurred_at": _iso(c.occurred_at),
                "description": c.description,
                "location": c.location,
                "status": c.status,
                "source": c.source,
                "points": c.points,
                "capped_by": c.capped_by,
                "decided_by": office if c.decided_at else None,
                "decided_at": _iso(c.decided_at),
                "reason": c.reason,
                "submitted_at": _iso(c.created_at),
                "photos": names,
            }
        )
    return Section(data, photos)


def collect_ledger(user) -> Section:
    entries = LedgerEntry.objects.filter(account__rider=user).order_by("id")
    return Section(
        [
            {
                "kind": e.kind,
                "amount": e.amount,
                "balance_after": e.balance_after,
                "when": _iso(e.created_at),
                "description": e.description,
                "claim": e.claim_id,
                "voucher": e.voucher_id,
            }
            for e in entries
        ]
    )


def collect_vouchers(user) -> Section:
    vouchers = Voucher.objects.filter(rider=user).select_related("venue").order_by("issued_at", "id")
    return Section(
        [
            {
                "code": v.code,
                "title": v.title,
                "venue": v.venue.name,
                "cost": v.cost,
                "status": v.status,
                "issued_at": _iso(v.issued_at),
                "expires_at": _iso(v.expires_at),
                "redeemed_at": _iso(v.redeemed_at),
                "cancelled_at": _iso(v.cancelled_at),
                "expired_at": _iso(v.expired_at),
            }
            for v in vouchers
        ]
    )


def anonymise(user) -> None:
    """Unused vouchers cancelled and refunded first (the rewards service: ledger row, stock
    back); claims still waiting for review withdrawn, as the rider withdraws one (the reviewers'
    queue no longer shows them: their points would go to an account nobody can use); then claim
    photos and free texts erased. Claims and ledger rows stay, so every balance equals its
    ledger and every figure still adds up."""
    from .rewards.services import voucher_cancel
    from .services import claim_withdraw

    for code in Voucher.objects.filter(rider=user, status=Voucher.Status.ISSUED).values_list("code", flat=True):
        voucher_cancel(rider=user, code=code)
    for claim in Claim.objects.filter(rider=user, status=Claim.Status.PENDING, source=Claim.Source.RIDER).order_by("pk"):
        claim_withdraw(rider=user, claim=claim)
    photos = ClaimPhoto.objects.filter(claim__rider=user)
    names = list(photos.values_list("image", flat=True))
    photos.delete()
    Claim.objects.filter(rider=user).update(description="", location="")
    if names:
        transaction.on_commit(lambda: delete_files(names))


def purge_claim_photos(before: datetime) -> int:
    """Retention: photos of claims decided before `before` (the claim and its decision stay)."""
    photos = ClaimPhoto.objects.filter(claim__decided_at__lt=before)
    names = list(photos.values_list("image", flat=True))
    photos.delete()
    delete_files(names)
    return len(names)


def purge_evidence(before: datetime) -> int:
    """Retention: the screenshot of riders verified or refused before `before`. Its purpose,
    checking who they are, ends with the decision; the period is the time to question it. The
    decision, its reason and the audit entry naming who made it stay. A rider who waits (a
    first screenshot, one sent again after a refusal, details changed since) is unverified and
    keeps theirs; so does a decided one with no decision on record (nobody knows since when)."""
    # When staff decided: the audit trail (services.rider_verify), as the decision history reads it.
    last_decision = (
        AuditEntry.objects.filter(
            target_type=User._meta.label_lower,
            target_id=Cast(models.OuterRef("pk"), models.CharField()),
            action__in=DECISIONS,
        )
        .order_by("-id")
        .values("created_at")[:1]
    )
    with transaction.atomic():
        # Locked as verification.evidence_save locks the rider: a screenshot sent meanwhile
        # is not cleared with the old one.
        riders = (
            User.objects.select_for_update()
            .filter(verification__in=[Verification.VERIFIED, Verification.REJECTED])
            .exclude(verification_evidence="")
            .annotate(decided_at=models.Subquery(last_decision))
            .filter(decided_at__lt=before)
        )
        found = list(riders.values_list("pk", "verification_evidence"))
        User.objects.filter(pk__in=[pk for pk, _name in found]).update(verification_evidence="")
    # The files go once no row names them (committed: the sweep runs outside any transaction).
    names = [name for _pk, name in found]
    delete_files(names)
    return len(names)


def deletion_losses(user) -> list[str]:
    """What the rider loses with their account, for the deletion page: the balance and the
    unused vouchers (the vouchers are cancelled and refunded first, and the points then go
    with the account)."""
    balance = balance_of(user)
    unused = Voucher.objects.filter(rider=user, status=Voucher.Status.ISSUED).count()
    losses = []
    if balance:
        losses.append(ngettext("%(n)s point", "%(n)s points", balance) % {"n": balance})
    if unused:
        losses.append(ngettext("%(n)s unused voucher", "%(n)s unused vouchers", unused) % {"n": unused})
    return losses


def register() -> None:
    register_deletion_loss(deletion_losses)
    # How the readable copy (summary.html) presents them: the models' verbose names and
    # choices, and words for the keys that are no field of theirs.
    register_data_section(
        "claims",
        collect_claims,
        title=_("My points claims"),
        models={(): "points.Claim"},
        labels={"rule": _("Earning rule"), "decided_by": _("Decided by")},
    )
    register_data_section(
        "ledger",
        collect_ledger,
        title=_("My points history"),
        models={(): "points.LedgerEntry"},
        labels={"claim": _("Claim"), "voucher": _("Voucher")},
    )
    register_data_section(
        "vouchers", collect_vouchers, title=_("My vouchers"), models={(): "points.Voucher"}, labels={"venue": _("Venue")}
    )
    register_anonymiser(anonymise, order=10)
    register_retention("claim_photos", purge_claim_photos)
    register_retention("verification_evidence", purge_evidence, days=conf.evidence_retention_days)
