"""The rider home's panels from points (friendlystreet.pages.panels): the verification state
with what to do about it, and the balance with a few rewards it can buy."""

from __future__ import annotations

from django.http import HttpRequest

from friendlystreet.accounts.models import Verification

from .rewards.selectors import local_today, on_sale
from .selectors import balance_of

PERM_CLAIM = "points.submit_claim"
WITHIN_REACH = 3


def verification_panel(request: HttpRequest) -> dict | None:
    """Unverified or rejected riders: why claiming is closed and how to open it."""
    user = request.user
    if not user.has_perm(PERM_CLAIM) or user.verification == Verification.VERIFIED:
        return None
    return {
        "state": user.verification,
        "rejected": user.verification == Verification.REJECTED,
        "note": user.verification_note,
        "has_evidence": bool(user.verification_evidence),
    }


def balance_panel(request: HttpRequest) -> dict | None:
    """The balance, the dearest rewards it already buys (or, if none, the cheapest ones and
    how many points are missing): two queries."""
    user = request.user
    if not user.has_perm(PERM_CLAIM):
        return None
    balance = balance_of(user)
    rewards = on_sale(today=local_today()).select_related("venue").only("id", "title", "cost", "venue__name")
    affordable = list(rewards.filter(cost__lte=balance).order_by("-cost", "id")[:WITHIN_REACH])
    if affordable:
        return {"balance": balance, "rewards": affordable, "short": []}
    cheapest = list(rewards.order_by("cost", "id")[:WITHIN_REACH])
    return {"balance": balance, "rewards": [], "short": [{"reward": r, "missing": r.cost - balance} for r in cheapest]}


def register() -> None:
    from friendlystreet.pages.panels import register_home_panel

    register_home_panel("home/points_verification.html", verification_panel, order=5)
    register_home_panel("home/points_balance.html", balance_panel, order=10)
