"""Payouts still to come by a rule, kept by other apps: an activity not over yet pays its
attendance by its rule (volunteers). A street admin switching a rule off is shown them before it
is saved, and saves only once confirmed (rule_save(stop_payouts=True), the confirmation of the
rules the system pays by); switched off, the paying app is told, in rule_save()'s transaction, so
that it can tell its riders. The paying app registers from its AppConfig.ready(), so points never
imports it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from .models import Rule
from .selectors import rule_is_valid_on


@dataclass(frozen=True)
class Payout:
    """One thing that would still pay by the rule, as staff find it: its title, date and page."""

    title: str
    when: datetime
    url: str
    detail: str = ""  # e.g. the activity's state and sign-ups


@dataclass(frozen=True)
class PayoutsToCome:
    """One paying app's payouts still to come by a rule, and what switching it off does to
    them (a sentence in the current language, from the app that knows)."""

    payouts: list[Payout]
    stopped: str


@dataclass(frozen=True)
class Payer:
    # (rule) -> its payouts still to come, or None; the owning app's selector (one query or two).
    find: Callable[[Rule], PayoutsToCome | None]
    # (rule=, actor=) once the rule is switched off, inside rule_save()'s transaction.
    switched_off: Callable[..., Any]


_PAYERS: list[Payer] = []


def register_payer(*, find: Callable[[Rule], PayoutsToCome | None], switched_off: Callable[..., Any]) -> None:
    _PAYERS.append(Payer(find=find, switched_off=switched_off))


def payouts_to_come(rule: Rule) -> list[PayoutsToCome]:
    """What still pays by `rule`, app by app (none: nothing would be stopped)."""
    return [found for payer in _PAYERS if (found := payer.find(rule)) is not None and found.payouts]


def rule_switched_off(*, rule: Rule, actor: Any) -> None:
    for payer in _PAYERS:
        payer.switched_off(rule=rule, actor=actor)


def outside_its_dates(rule: Rule) -> list[Payout]:
    """Payouts still to come dated outside the rule's validity window (its dates as saved). They
    pay all the same: the paying apps pay by a rule whatever its dates (claim_create_from_source),
    which limit riders' own claims; so staff who "end" a rule by a date are told what it does not
    stop."""
    if rule.valid_from is None and rule.valid_to is None:
        return []
    return [
        payout
        for found in payouts_to_come(rule)
        for payout in found.payouts
        if not rule_is_valid_on(rule, timezone.localdate(payout.when))
    ]
