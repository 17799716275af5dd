"""A rider takes the last 免费快剪一次 of the month (stock 1, at most 1 per rider a month) and opens
it again: the page said only 抱歉，该奖品已兑完。, as if a restock would let them redeem it. Their
own limit holds too, until next month, and the catalogue's card already showed both (已兑完 and
本月已用完). The reward's page now gives every reason that holds, each on its own line."""

from __future__ import annotations

import re

import pytest

from tests.points.rewards.factories import RewardFactory, give_points

pytestmark = pytest.mark.django_db


def reasons(html: str) -> list[str]:
    """The lines under the disabled button, each reason's words."""
    found = re.findall(r'<p class="muted" data-testid="why-not">(.*?)</p>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", line).split()) for line in found]


def redeem(client, reward) -> None:
    client.post(f"/rewards/{reward.pk}/redeem/", {"idempotency_key": f"k-{reward.pk}"})


def test_the_last_one_taken_says_sold_out_and_the_riders_limit_reached(rich_rider, barber, client_for):
    haircut = RewardFactory(venue=barber, title="免费快剪一次", cost=80, stock=1, per_rider_monthly_limit=1)
    client = client_for(rich_rider)
    redeem(client, haircut)

    page = client.get(f"/rewards/{haircut.pk}/").content.decode()

    assert 'id="redeem" class="big" disabled' in page
    assert reasons(page) == ["抱歉，该奖品已兑完。", "您本月兑换该奖品的次数已达上限。"]


def test_sold_out_and_short_of_points_says_both(rider, barber, client_for):
    give_points(rider, 20)
    haircut = RewardFactory(venue=barber, title="免费快剪一次", cost=80, stock=0)

    page = client_for(rider).get(f"/rewards/{haircut.pk}/").content.decode()

    assert reasons(page) == ["抱歉，该奖品已兑完。", "还差 60 积分。 如何赚积分"]


def test_in_english(rich_rider, barber, client_for):
    haircut = RewardFactory(venue=barber, title="免费快剪一次", cost=80, stock=1, per_rider_monthly_limit=1)
    client = client_for(rich_rider)
    client.cookies["django_language"] = "en"
    redeem(client, haircut)

    page = client.get(f"/rewards/{haircut.pk}/").content.decode()

    assert reasons(page) == ["Sorry, this reward is out of stock.", "You have reached this reward's limit for this month."]
