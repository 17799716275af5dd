"""本店的奖品 in English read "Stock Unlimited" and "Stock 1" under each reward, a label run into
its value (in Chinese "库存 不限量"). They now read as a label and its value, "Stock: unlimited",
"Stock: 12" (库存：不限量, 库存：12), and a reward run out says "Stock: 0" in red (库存：0)."""

from __future__ import annotations

import pytest

from tests.html import text_of
from tests.points.rewards.factories import RewardFactory

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def stock_line(html: str, reward) -> str:
    row = html[html.index(f'data-reward-id="{reward.pk}"') :]
    return " ".join(text_of(row, "proposal-limits").split()).split(" · ")[0]


@pytest.mark.parametrize(
    ("headers", "unlimited", "twelve", "none_left"),
    [(ZH, "库存：不限量", "库存：12", "库存：0"), (EN, "Stock: unlimited", "Stock: 12", "Stock: 0")],
)
def test_the_barber_reads_each_rewards_stock_as_a_label_and_its_value(
    merchant_a, barber, client_for, headers, unlimited, twelve, none_left
):
    haircut = RewardFactory(venue=barber, title="免费快剪一次", stock=None)
    shave = RewardFactory(venue=barber, title="免费修面", stock=12)
    wash = RewardFactory(venue=barber, title="免费洗头", stock=0)

    html = client_for(merchant_a).get("/redeem/propose/", **headers).content.decode()

    assert stock_line(html, haircut) == unlimited
    assert stock_line(html, shave) == twelve
    assert stock_line(html, wash) == none_left
    row = html[html.index(f'data-reward-id="{wash.pk}"') :]
    assert f'<strong class="status rejected">{none_left}</strong>' in row  # none left: in red
