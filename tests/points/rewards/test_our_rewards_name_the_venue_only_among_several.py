"""本店的奖品 of 张姐, who runs one noodle shop: each row read "免费牛肉面一碗 · 老街牛肉面馆 · 50 积分",
her shop's name again at every reward, though every one is hers (the form below names it once).
Now a row names its venue only where it tells rewards apart: for an owner who runs several
venues, or at a proposal of a venue no longer hers."""

from __future__ import annotations

import re

import pytest

from points.rewards import services
from tests.factories import PartnerFactory
from tests.points.rewards.factories import RewardFactory
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def first_lines(html: str, testid: str) -> list[str]:
    """Each row's first line (title, venue, cost), without its markup."""
    rows = re.findall(rf'<li data-testid="{testid}"[^>]*>(.*?)\n', html)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", row)).strip() for row in rows]


@pytest.mark.parametrize(
    ("headers", "reward", "declined"),
    [
        (ZH, "免费牛肉面一碗 · 50 积分", "加一个卤蛋 · 10 积分"),
        (EN, "A free bowl of beef noodles · 50 points", "An extra braised egg · 10 points"),
    ],
)
def test_the_owner_of_one_shop_reads_her_rewards_without_its_name_at_each(street_admin, client_for, headers, reward, declined):
    shop = VenueFactory(name="老街牛肉面馆", kind=VenueKind.MERCHANT)
    owner = PartnerFactory(display_name="老街面馆张姐")
    shop.operators.add(owner)
    RewardFactory(venue=shop, title="免费牛肉面一碗", title_en="A free bowl of beef noodles", cost=50)
    egg = services.reward_propose(
        actor=owner, venue=shop, data={"title": "加一个卤蛋", "title_en": "An extra braised egg", "cost": 10, "valid_days": 30}
    )
    services.reward_decline(actor=street_admin, reward=egg, reason="请写清楚使用时间")

    html = client_for(owner).get("/redeem/propose/", **headers).content.decode()

    assert first_lines(html, "proposal") == [reward]
    assert first_lines(html, "declined-proposal") == [declined]
    assert html.count("老街牛肉面馆") == 1 and 'data-testid="proposal-venue"' in html  # once, at the form


def test_the_barber_of_two_shops_reads_which_shop_each_reward_is_of(merchant_a, barber, client_for):
    second = VenueFactory(name="王师傅理发店二店", kind=VenueKind.MERCHANT)
    second.operators.add(merchant_a)
    RewardFactory(venue=barber, title="免费快剪一次", cost=30)
    RewardFactory(venue=second, title="免费修面", cost=20)
    # A proposal of a shop he ran before and has since handed over: named, it is not one of his.
    handed_over = VenueFactory(name="老城区理发店", kind=VenueKind.MERCHANT)
    handed_over.operators.add(merchant_a)
    services.reward_propose(actor=merchant_a, venue=handed_over, data={"title": "洗头", "cost": 10, "valid_days": 30})
    handed_over.operators.remove(merchant_a)

    html = client_for(merchant_a).get("/redeem/propose/", **ZH).content.decode()

    assert sorted(first_lines(html, "proposal")) == [
        "免费修面 · 王师傅理发店二店 · 20 积分",
        "免费快剪一次 · 王师傅理发店 · 30 积分",
        "洗头 · 老城区理发店 · 10 积分",
    ]


def test_the_one_shops_proposal_of_a_venue_no_longer_hers_keeps_its_name(client_for):
    shop = VenueFactory(name="老街牛肉面馆", kind=VenueKind.MERCHANT)
    before = VenueFactory(name="老街凉粉店", kind=VenueKind.MERCHANT)
    owner = PartnerFactory()
    shop.operators.add(owner)
    before.operators.add(owner)
    services.reward_propose(actor=owner, venue=before, data={"title": "凉粉一碗", "cost": 10, "valid_days": 30})
    before.operators.remove(owner)
    RewardFactory(venue=shop, title="免费牛肉面一碗", cost=50)

    html = client_for(owner).get("/redeem/propose/", **ZH).content.decode()

    assert sorted(first_lines(html, "proposal")) == ["免费牛肉面一碗 · 50 积分", "凉粉一碗 · 老街凉粉店 · 10 积分"]
