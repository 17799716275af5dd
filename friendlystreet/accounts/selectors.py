"""How staff pages name a person (the audit trail, users and roles).

The one rule is the exports' (friendlystreet.ledgers.people), masked: a rider (anyone in the
rider group) reads 张* 138****0001 and never by a username that holds their phone; staff and
partners' operators, who act for the street office or a partner, by their name and username
(审核员李 @reviewer). Staff allowed to see a rider's full name and phone open it with a
reason (privacy:personal_data), which is logged.
"""

from __future__ import annotations

from friendlystreet.ledgers.people import person, rider_cells


def person_label(name: str | None, phone: str | None, username: str | None, is_rider: bool) -> str:
    """The person as a staff page shows them ("" for nobody)."""
    if is_rider:
        cells = [cell for cell in rider_cells(name, phone, unmasked=False) if cell]
        if cells:
            return " ".join(cells)
    return person(name, phone, username, is_rider, unmasked=False) or ""
