"""How an export shows a person: the one rule for every column that names someone.

Riders are the people whose data the programme protects (anyone in the rider group). A ledger
that names the rider of its rows gives them two cells, their name and their phone, masked as
merchants see them (张* 138****0001, accounts.phones); a column naming whoever acted shows a
rider in one cell (their masked name, else their masked phone). Unmasked (an export of a member
of staff allowed to see personal data who gave a reason, audited): their name and phone.

Staff and partners' operators are not protected that way: they act for the street office or a
partner, and who approved, confirmed or answered is the point of those columns. They read in
full as the audit trail shows them, 理发店王师傅 @barber, masked or not. A username that holds a
phone number (rider13700000004: an account that signed up with its phone) is never shown as
such: the phone in it is masked, like every phone in a masked export.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet

from friendlystreet.accounts import roles
from friendlystreet.accounts.phones import mask_name, mask_phone

# A phone number inside a username (rider13800000001).
DIGITS = re.compile(r"\d{7,}")


def national(phone: str | None) -> str:
    """+8613800000001 → 13800000001, as people write it."""
    return (phone or "").removeprefix("+86")


def _at(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


# --- the rider of a row -------------------------------------------------------------------------


def rider_fields(path: str) -> tuple[str, str]:
    """The values_list() fields of the rider at `path` (`rider`, `account__rider`, `reporter`;
    "" for the user rows themselves): their name and phone, read in the export's one query."""
    return (_at(path, "display_name"), _at(path, "phone"))


def rider_cells(name: str | None, phone: str | None, *, unmasked: bool) -> tuple[str, str]:
    """The rider's name and phone cells: 张* and 138****0001, or in full when unmasked."""
    if unmasked:
        return name or "", national(phone)
    return mask_name(name), mask_phone(phone)


# --- whoever acted on a row ---------------------------------------------------------------------


def _flag(path: str) -> str:
    return f"{path.replace('__', '_')}_is_rider"


def with_people(queryset: QuerySet, *paths: str) -> QuerySet:
    """The queryset with, for each person at `paths` (`actor`, `decided_by`, `updates__author`),
    whether they are a rider: an EXISTS in the same query (no query per row)."""
    membership = get_user_model().groups.through.objects.filter(group__name=roles.RIDER)
    return queryset.annotate(**{_flag(path): Exists(membership.filter(user_id=OuterRef(path))) for path in paths})


def person_fields(path: str) -> tuple[str, str, str, str]:
    """The values_list() fields of the person at `path`: their name, phone, username and
    whether they are a rider (the queryset went through with_people() for this path)."""
    return (_at(path, "display_name"), _at(path, "phone"), _at(path, "username"), _flag(path))


def person(name: str | None, phone: str | None, username: str | None, is_rider: bool, *, unmasked: bool) -> str | None:
    """The cell of a column naming whoever acted; None (an empty cell) when there is nobody."""
    if not (name or phone or username):
        return None
    if is_rider:
        if unmasked:
            return name or national(phone) or username
        return mask_name(name) or mask_phone(phone) or DIGITS.sub(lambda m: mask_phone(m.group()), username or "")
    # Staff or a partner's operator: their name and username, as the audit trail shows them.
    handle = f"@{username}" if username and not DIGITS.search(username) else ""
    who = name or ("" if handle else mask_phone(phone) or DIGITS.sub(lambda m: mask_phone(m.group()), username or ""))
    return " ".join(part for part in (who, handle) if part) or None
