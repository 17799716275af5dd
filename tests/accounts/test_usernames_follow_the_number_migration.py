"""Migration 0008: riders who changed their number before a change renamed the username made of
the old one (3da2546) get the username of the number they hold, by sign-up's rule
(phones.rider_username). The old number then signs in neither as a number nor as the username;
two riders who swapped numbers swap names; everyone else keeps theirs; running it again changes
nothing."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client

from friendlystreet.accounts.models import User
from tests.factories import TEST_PASSWORD, ReviewerFactory, RiderFactory, StreetAdminFactory, UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("friendlystreet.accounts.migrations.0008_usernames_follow_the_number")


def run_the_migration() -> None:
    migration.rename_usernames_left_by_a_change_of_number(apps, None)


def username(user) -> str:
    return User.objects.values_list("username", flat=True).get(pk=user.pk)


def signs_in(login: str) -> bool:
    return Client().post("/accounts/login/", {"login": login, "password": TEST_PASSWORD}).status_code == 302


def test_a_rider_who_changed_number_before_the_fix_gets_the_name_of_the_number_they_hold():
    # Changed from 139 1234 0001 to 139 1234 0002 before usernames followed the number.
    wang = RiderFactory(display_name="王小明", phone="+8613912340002", username="rider13912340001")
    assert signs_in("rider13912340001")

    run_the_migration()

    assert username(wang) == "rider13912340002"
    assert not signs_in("rider13912340001") and not signs_in("13912340001")
    assert signs_in("13912340002") and signs_in("rider13912340002")


def test_two_riders_who_swapped_numbers_swap_names():
    li = RiderFactory(phone="+8613912340001", username="rider13912340002")
    zhao = RiderFactory(phone="+8613912340002", username="rider13912340001")

    run_the_migration()

    assert username(li) == "rider13912340001"
    assert username(zhao) == "rider13912340002"


def test_everyone_else_keeps_their_name_and_a_second_run_changes_nothing():
    current = RiderFactory(phone="+8613912340005", username="rider13912340005")
    made_unique = RiderFactory(phone="+8613912340006", username="rider13912340006a")  # sign-up's suffix
    staff = [StreetAdminFactory(username="admin"), ReviewerFactory(username="reviewer")]
    no_number = UserFactory(phone=None, username="rider13912340007")
    # Due the name an account without a number holds: left as it is rather than clash.
    blocked = RiderFactory(phone="+8613912340007", username="rider13912340008")
    moved = RiderFactory(phone="+8613912340009", username="rider13912340010")
    before = dict(User.objects.values_list("pk", "username"))

    run_the_migration()
    after_first = dict(User.objects.values_list("pk", "username"))
    run_the_migration()

    assert dict(User.objects.values_list("pk", "username")) == after_first
    assert after_first == {**before, moved.pk: "rider13912340009"}
    for user in (current, made_unique, *staff, no_number, blocked):
        assert after_first[user.pk] == before[user.pk]
