"""The rider home's panels from points (friendlystreet.pages.panels): the verification state
with what to do about it, and the balance with a few rewards it can buy."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone

from friendlystreet.accounts.access import needs_join_steps
from friendlystreet.accounts.models import Verification
from friendlystreet.audit.models import AuditEntry
from friendlystreet.days import local_today

from .rewards.selectors import limited_ids, on_sale, open_to_rider, redeemable_now, taken_this_month
from .selectors import balance_of
from .verification import EVIDENCE_UPLOADED

PERM_CLAIM = "points.submit_claim"
WITHIN_REACH = 3
# A reward first published this many days ago or less is "new": it leads the rewards within
# reach and is marked, so that a new partner's reward is seen (onboarding review #11).
NEW_FOR_DAYS = 14


def verification_panel(request: HttpRequest) -> dict | None:
    """Unverified or rejected riders: why claiming is closed and how to open it. Who sees it is
    who is shown the join steps (access.needs_join_steps: a rider not verified yet, never staff,
    whose home is the staff dashboard anyway); a visitor has no home page."""
    user = request.user
    if not (user.is_authenticated and needs_join_steps(user)):
        return None
    has_evidence = bool(user.verification_evidence)
    return {
        "state": user.verification,
        "rejected": user.verification == Verification.REJECTED,
        "note": user.verification_note,
        "has_evidence": has_evidence,
        "evidence_at": _evidence_uploaded_at(user) if has_evidence else None,
    }


def _evidence_uploaded_at(user) -> datetime | None:
    """When the rider sent the screenshot they have now: the audit trail records every upload
    (verification.evidence_save), so the user row needs no date of its own. One query, for an
    unverified rider with a screenshot only."""
    return (
        AuditEntry.objects.filter(action=EVIDENCE_UPLOADED, target_type=user._meta.label_lower, target_id=str(user.pk))
        .order_by("-id")
        .values_list("created_at", flat=True)
        .first()
    )


def balance_panel(request: HttpRequest) -> dict | None:
    """The balance and the dearest rewards the rider can redeem now (in stock, under their
    monthly limit, within the balance: selectors.redeemable_now, the rule the reward's page
    shows); if none, the cheapest ones still open to them and how many points are missing.
    Rewards published in the last NEW_FOR_DAYS come first among those within reach, marked
    new (`is_new`), then the dearest. Three queries at most: the balance, the rewards on sale
    (a catalogue of tens), the rider's vouchers this month of those with a monthly limit."""
    user = request.user
    if not user.has_perm(PERM_CLAIM):
        return None
    balance = balance_of(user)
    if not user.is_verified:
        # Redeeming opens with verification: nothing to offer yet (the verification panel says so).
        return {"balance": balance, "rewards": [], "short": []}
    fields = (
        "id",
        "title",
        "title_en",
        "cost",
        "stock",
        "per_rider_monthly_limit",
        "published_at",
        "venue__name",
        "venue__name_en",
    )
    rewards = list(on_sale(today=local_today()).select_related("venue").only(*fields).order_by("cost", "id"))
    taken = taken_this_month(user, limited_ids(rewards))
    new_since = timezone.now() - timedelta(days=NEW_FOR_DAYS)
    affordable = [r for r in rewards if redeemable_now(r, balance=balance, taken=taken)]
    for r in affordable:
        r.is_new = r.published_at is not None and r.published_at >= new_since
    affordable.sort(key=lambda r: (not r.is_new, -r.cost, r.pk))
    if affordable:
        return {"balance": balance, "rewards": affordable[:WITHIN_REACH], "short": []}
    out_of_reach = [r for r in rewards if r.cost > balance and open_to_rider(r, taken)]
    return {
        "balance": balance,
        "rewards": [],
        "short": [{"reward": r, "missing": r.cost - balance} for r in out_of_reach[:WITHIN_REACH]],
    }


def register() -> None:
    from friendlystreet.pages.panels import register_home_panel

    register_home_panel("home/points_verification.html", verification_panel, order=5)
    register_home_panel("home/points_balance.html", balance_panel, order=10)
