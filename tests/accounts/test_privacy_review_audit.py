"""The audit trail names people as the user list does, from the accounts review: a rider, as
the one who acted or the one acted on, reads 王* 139****0001, never their full name nor the
username made of their phone; staff and partners' operators read by name and username."""

from __future__ import annotations

import re

import pytest

from friendlystreet.accounts.selectors import person_label
from points import services as points_services
from tests.factories import RiderFactory
from volunteers import services as volunteer_services

pytestmark = pytest.mark.django_db

TRAIL = "/staff/audit/"


def text_of(response) -> str:
    body = re.sub(r"<select.*?</select>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.fixture
def wang(db):
    """Signed up with his phone: his username is made of it, as sign-up makes it."""
    return RiderFactory(username="rider13912340001", display_name="王小明", phone="+8613912340001")


def test_a_riders_own_actions_and_the_changes_to_them_are_masked(client_for, street_admin, reviewer, wang):
    volunteer_services.rider_profile_update(
        rider=wang, display_name="王大明", platform="美团", work_type="delivery", home_community=None
    )
    points_services.rider_verify(actor=reviewer, rider=wang, approve=False, reason="截图看不清工号")

    page = client_for(street_admin).get(TRAIL, {"target_type": "accounts.user", "target_id": wang.pk})
    html, text = page.content.decode(), text_of(page)

    assert page.status_code == 200
    assert "13912340001" not in html and "rider13912340001" not in html
    assert "王小明" not in html and "王大明" not in html
    assert "王** 139****0001" in text  # as the actor, and as the one acted on
    assert f"用户 王** 139****0001（#{wang.pk}）" in text
    # The reviewer who refused: by name and username, as before.
    assert f"{reviewer.display_name} @{reviewer.username}" in text


def test_staff_and_partners_read_by_name_and_username(merchant_a, reviewer):
    assert person_label(reviewer.display_name, reviewer.phone, reviewer.username, False) == (
        f"{reviewer.display_name} @{reviewer.username}"
    )
    assert person_label("王小明", "+8613912340001", "rider13912340001", True) == "王** 139****0001"
    # A rider with neither name nor phone any more (anonymised) is not named by a phone either.
    assert person_label("", None, "rider13912340001", True) == "rider139****0001"
