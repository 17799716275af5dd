"""A street admin adds 50 points to a rider's balance (a claim the rider could not file) and
later takes some back. The page said only 余额已调整。 and the admin read the figure below to
work out whether it went the right way and by how much. Now the message says it: 已为李* 增加 50
积分，现有 320 积分。, the rider masked as the page's heading names them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import RiderFactory
from tests.points.rewards.factories import give_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def li(db):
    rider = RiderFactory(display_name="李娜", phone="+8613800000003")
    give_points(rider, 270)
    return rider


def adjust(client, rider, amount: int, language: str = "zh-hans") -> str:
    client.cookies["django_language"] = language
    response = client.post(
        reverse("points:balance_rider", args=[rider.pk]), {"amount": amount, "reason": "补录活动积分"}, follow=True
    )
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]][0]


def test_admin_reads_what_was_added_and_the_new_balance(client_for, street_admin, li):
    said = adjust(client_for(street_admin), li, 50)

    assert said == "已为李* 增加 50 积分，现有 320 积分。"
    assert "李娜" not in said


def test_taking_points_back_says_so(client_for, street_admin, li):
    assert adjust(client_for(street_admin), li, -20) == "已为李* 扣减 20 积分，现有 250 积分。"


def test_in_english_too(client_for, street_admin, li):
    admin = client_for(street_admin)

    assert adjust(admin, li, 50, "en") == "Added 50 points for 李*; their balance is now 320."
    assert adjust(admin, li, -1, "en") == "Took 1 point from 李*; their balance is now 319."
