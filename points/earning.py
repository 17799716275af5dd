"""The rules the programme pays by itself (Rule.SYSTEM_CODES), as the app that pays each one
describes it, registered from its AppConfig.ready() so that points never imports it:
- what it pays for and what switching it off stops: staff read both on the rule's form, and
  again when they untick Active and are asked to confirm (the events themselves go on: a rule
  switched off pays nothing, it never refuses the check-in, the acceptance or the approval);
- where a rider goes to earn it: "How to earn" says "granted automatically, no claim needed"
  and, with this, where to do it (the activities, the report form, the compound guides)."""

from __future__ import annotations

from dataclasses import dataclass

from friendlystreet.pages.paths import static_path


@dataclass(frozen=True)
class EarnLink:
    label: object  # a lazy translation: read in the language of the page
    url_name: str

    @property
    def path(self) -> str:
        return static_path(self.url_name)


@dataclass(frozen=True)
class SystemPayout:
    pays_for: object  # lazy: "check-ins at activities that pay by it"
    when_off: object  # lazy: what stops (or changes) once it is switched off, a sentence
    earn_link: EarnLink


_PAYOUTS: dict[str, SystemPayout] = {}


def register_system_payout(code: str, *, pays_for: object, when_off: object, earn_label: object, earn_url_name: str) -> None:
    _PAYOUTS[code] = SystemPayout(pays_for=pays_for, when_off=when_off, earn_link=EarnLink(earn_label, earn_url_name))


def system_payout(code: str) -> SystemPayout:
    """How the rule of `code`, one of Rule.SYSTEM_CODES, is paid (each is registered: a test
    holds it)."""
    return _PAYOUTS[code]


def earn_link(code: str) -> EarnLink | None:
    found = _PAYOUTS.get(code) if code else None
    return found.earn_link if found else None
