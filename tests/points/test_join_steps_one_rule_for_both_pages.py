"""The start page (/) and 如何赚积分 show the "how to join" steps to the same people, by one rule
(friendlystreet.accounts.access.needs_join_steps): visitors and riders still to be verified.
The start page stopped sending staff through a rider's join steps; 如何赚积分 still sent the
demo's street admin (a superuser: every permission, the rider's included, and never verified
as a rider) to 上传截图 and sign-up. Now both pages answer everyone alike."""

from __future__ import annotations

import pytest

from tests.factories import PartnerFactory, RiderFactory, StreetAdminFactory

pytestmark = pytest.mark.django_db

PAGES = ("/", "/points/how-to-earn/")


def shows_join_steps(client, url: str) -> bool:
    return 'data-testid="join-steps"' in client.get(url).content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_a_superuser_street_admin_is_not_asked_to_join(client_for, url, rule):
    admin = StreetAdminFactory(is_superuser=True, is_staff=True, verification="unverified")

    assert not shows_join_steps(client_for(admin), url)


def test_both_pages_show_the_steps_to_the_same_people(client, client_for, rule):
    people = {
        "visitor": (client, True),
        "rider waiting": (client_for(RiderFactory(verification="unverified")), True),
        "rider refused": (client_for(RiderFactory(verification="rejected")), True),
        "verified rider": (client_for(RiderFactory()), False),
        "partner": (client_for(PartnerFactory(verification="unverified")), False),
        "superuser admin": (client_for(StreetAdminFactory(is_superuser=True, verification="unverified")), False),
    }
    for who, (person, expected) in people.items():
        assert [shows_join_steps(person, url) for url in PAGES] == [expected, expected], who
