"""A rider about to delete their account reads what they lose as a sentence: "You have 270
points and 1 unused voucher now." in English (it read "270 points, 1 unused voucher"), 您现在有
270 积分、1 张未使用的兑换券。 in Chinese, as before (、 is Chinese's "and" in a list)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.points.rewards.factories import RewardFactory, give_points, issue

pytestmark = pytest.mark.django_db

DELETE_PAGE = reverse("privacy:delete")


@pytest.fixture
def rider_with_a_voucher(rider):
    give_points(rider, 300)
    issue(rider, RewardFactory(title="免费快剪一次", cost=30))
    return rider


@pytest.mark.parametrize(
    "language, sentence",
    [
        ("en", "You have 270 points and 1 unused voucher now."),
        ("zh-hans", "您现在有 270 积分、1 张未使用的兑换券。"),
    ],
)
def test_the_points_and_vouchers_lost_are_one_sentence(rider_with_a_voucher, client_for, language, sentence):
    page = client_for(rider_with_a_voucher).get(DELETE_PAGE, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert sentence in page


def test_only_points_read_without_and(rider, client_for):
    give_points(rider, 300)

    page = client_for(rider).get(DELETE_PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "You have 300 points now." in page
