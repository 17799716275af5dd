"""The rules the programme pays by itself (Rule.SYSTEM_CODES), as the app that pays each one
describes it, registered from its AppConfig.ready() so that points never imports it:
- what it pays for and what switching it off stops: staff read both on the rule's form, and
  again when they untick Active and are asked to confirm (the events themselves go on: a rule
  switched off pays nothing, it never refuses the check-in, the acceptance or the approval);
- where a rider goes to earn it: "How to earn" says "granted automatically, no claim needed"
  and, with this, where to do it (the activities, the report form, the compound guides);
- what each claim it paid was for, read in the reader's language from the object it paid for
  (register_payout_subjects(), by the claim's source: the passbook and the claims)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
    only_for: object = None  # lazy: whom alone it pays, a sentence ("Micro-grid members only.")


_PAYOUTS: dict[str, SystemPayout] = {}


def register_system_payout(
    code: str, *, pays_for: object, when_off: object, earn_label: object, earn_url_name: str, only_for: object = None
) -> None:
    _PAYOUTS[code] = SystemPayout(
        pays_for=pays_for, when_off=when_off, earn_link=EarnLink(earn_label, earn_url_name), only_for=only_for
    )


def system_payout(code: str) -> SystemPayout:
    """How the rule of `code`, one of Rule.SYSTEM_CODES, is paid (each is registered: a test
    holds it)."""
    return _PAYOUTS[code]


def earn_link(code: str) -> EarnLink | None:
    found = _PAYOUTS.get(code) if code else None
    return found.earn_link if found else None


def only_for(code: str) -> object:
    """Whom alone the rule of `code` pays, as How to earn says it under the rule (None: anyone)."""
    found = _PAYOUTS.get(code) if code else None
    return found.only_for if found else None


# Some system rules are alternatives for one event, and the app that pays them picks the one a
# rider is paid by (an accepted report pays a current micro-grid member by their own rule, anyone
# else by the ordinary one). It registers that choice, the one its payout makes, so that How to
# earn marks the rule that is the reader's and a rider does not expect another's amount.
ReaderRule = Callable[[Any], Any]  # a signed-in user → the Rule the app would pay them by, or None
_READER_RULES: list[ReaderRule] = []


def register_reader_rule(find: ReaderRule) -> None:
    """`find(user)` is the rule the calling app would pay `user` by. Call in AppConfig.ready()."""
    _READER_RULES.append(find)


def rules_for_reader(user: Any) -> tuple[str, ...]:
    """The codes of the rules the registered apps would pay this signed-in reader by, sorted;
    () for a visitor."""
    if not user.is_authenticated:
        return ()
    return tuple(sorted({rule.code for find in _READER_RULES if (rule := find(user)) is not None}))


# What a claim another app paid was for, as one line (an accepted report: "Report #13 (Blocked
# fire lane): …", an attendance: the activity's title), built when it is shown, in the reader's
# language, from the object it paid for: the words stored on the claim when it was paid are in
# the language of that moment, and stay only for claims whose object is gone. Keyed by the
# claim's source, not by rule code as register_system_payout(): an activity pays by any rule it
# names, and both report rules pay claims of source "report".
Describe = Callable[[list[str]], dict[str, str]]
_SUBJECTS: dict[str, Describe] = {}


def register_payout_subjects(source: str, describe: Describe) -> None:
    """Claims of `source` (Claim.Source) are described by `describe`: their `source_ref`s →
    one line each, in the active language, for those whose object still exists; one query for
    them all, however many (a passbook page). Call in AppConfig.ready()."""
    _SUBJECTS[source] = describe


def payout_subjects(source: str, refs: list[str]) -> dict[str, str]:
    """The lines of the claims of `source` with these refs that its app can still describe."""
    describe = _SUBJECTS.get(source)
    return describe(refs) if describe and refs else {}
