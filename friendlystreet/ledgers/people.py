"""How an export shows a person: one rule for every column that names someone (the riders
ledger's name and phone, who adjusted a balance, decided a claim, confirmed a voucher, wrote
a report's update).

Masked (the default), a person reads as the site masks them elsewhere (User.masked_name): the
first character of their name, else their phone as 138****0001. Unmasked (an export of a
member of staff allowed to see personal data who gave a reason, audited), their name, else
their phone. Never the username as such: a rider's is their phone (rider13800000001).
"""

from __future__ import annotations

import re

from friendlystreet.accounts.phones import mask_name, mask_phone

# A phone number inside a username (rider13800000001), for an account with neither a name nor
# a phone any more: masked as the phone would be.
DIGITS = re.compile(r"\d{7,}")


def national(phone: str | None) -> str:
    """+8613800000001 → 13800000001, as people write it."""
    return (phone or "").removeprefix("+86")


def person_fields(path: str) -> tuple[str, str, str]:
    """The values_list() fields of the person at `path` (`actor`, `decided_by`, …): their name,
    phone and username, read in the export's one query (a join, no query per row)."""
    return (f"{path}__display_name", f"{path}__phone", f"{path}__username")


def person(name: str | None, phone: str | None, username: str | None, *, unmasked: bool) -> str | None:
    """The cell of a person column; None (an empty cell) when there is nobody."""
    if not (name or phone or username):
        return None
    if unmasked:
        return name or national(phone) or username
    return mask_name(name) or mask_phone(phone) or DIGITS.sub(lambda m: mask_phone(m.group()), username or "")
