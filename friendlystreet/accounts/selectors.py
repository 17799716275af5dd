"""How staff pages name a person (the audit trail, users and roles).

The one rule is the exports' (friendlystreet.ledgers.people), masked: a rider (anyone in the
rider group) reads 张* 138****0001 and never by a username that holds their phone; staff and
partners' operators, who act for the street office or a partner, by their name and username
(审核员李 @reviewer). Staff allowed to see a rider's full name and phone open it with a
reason (privacy:personal_data), which is logged.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from friendlystreet.ledgers.people import person, rider_cells

from . import roles


def person_label(name: str | None, phone: str | None, username: str | None, is_rider: bool) -> str:
    """The person as a staff page shows them ("" for nobody)."""
    if is_rider:
        cells = [cell for cell in rider_cells(name, phone, unmasked=False) if cell]
        if cells:
            return " ".join(cells)
    return person(name, phone, username, is_rider, unmasked=False) or ""


def staff_holding(perm: str | None) -> QuerySet:
    """Active members of staff (the staff area) who hold `perm` through their roles, by id: whom
    a notice about that permission's work goes to (a queue's new work, a partner's change to a
    venue). Superusers count by their roles only, as the notification kinds list them
    (notifications.kinds.kinds_for): holding every permission is no promise to handle it all."""
    User = get_user_model()
    backend = settings.AUTHENTICATION_BACKENDS[0]
    staff = User.objects.with_perm(roles.STAFF_AREA, include_superusers=False, backend=backend)
    if perm:
        staff = staff.filter(pk__in=User.objects.with_perm(perm, include_superusers=False, backend=backend))
    return staff.filter(is_active=True).order_by("id")
