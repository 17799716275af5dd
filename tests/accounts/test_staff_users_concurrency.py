"""Two street admins demoting each other at the same moment: one wins, the other is told they
are the last street admin. Without the lock both would count two admins and leave none."""

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

    assert sorted(type(r).__name__ for r in results) == ["LastStreetAdmin", "list"]
    assert User.objects.filter(groups__name=roles.STREET_ADMIN).count() == 1
