"""Two street admins demoting each other at the same moment: one wins, the other is refused
(told they are the last street admin or, when the winner's change landed before the loser's
request read its rights, that they are no longer one). Without the lock both would count two
admins and leave none."""

from __future__ import annotations

from friendlystreet.accounts import roles, staff_users
from friendlystreet.accounts.models import User
from tests.concurrency import race
from tests.factories import StreetAdminFactory


def test_two_admins_demoting_each_other_at_once_leave_one(postgres_db):
    first, second = StreetAdminFactory(), StreetAdminFactory()

    def demote(actor_pk: int, target_pk: int):
        # Each thread reads its own users (rights are read per request, as the pages do).
        actor, target = User.objects.get(pk=actor_pk), User.objects.get(pk=target_pk)
        return staff_users.user_roles_set(actor=actor, user=target, wanted=[])

    results = race(lambda: demote(first.pk, second.pk), lambda: demote(second.pk, first.pk))

    # Which refusal depends on the moment the second request reads its rights; both are right.
    refused, won = sorted((type(r).__name__ for r in results), key=lambda name: name == "list")
    assert (refused, won) in {("LastStreetAdmin", "list"), ("PermissionDenied", "list")}, results
    assert User.objects.filter(groups__name=roles.STREET_ADMIN).count() == 1
