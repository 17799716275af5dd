"""A barber proposes a reward: a stock of 0 (a reward nobody could redeem) is refused with
what to write instead, an empty stock is unlimited, and "My proposals" lists the stock and the
limit per rider of each proposal."""

from __future__ import annotations

import re

import pytest

from points.models_rewards import Reward
from tests.points.rewards.factories import RewardFactory
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db

URL = "/redeem/propose/"


@pytest.fixture
def barber(merchant_a):
    venue = VenueFactory(name="王师傅理发店", kind=VenueKind.MERCHANT)
    venue.operators.add(merchant_a)
    return venue


def proposal(venue, **fields) -> dict:
    return {"venue": venue.pk, "title": "修面一次", "description": "", "cost": 30, "valid_days": 30, **fields}


def test_a_stock_of_0_is_refused_with_what_to_write_instead(client_for, merchant_a, barber):
    response = client_for(merchant_a).post(URL, proposal(barber, stock="0"))
    assert response.status_code == 400
    assert "库存至少为 1；不限量请留空。" in response.content.decode()
    assert not Reward.objects.filter(venue=barber).exists()


def test_the_stock_field_asks_at_least_1_in_the_browser_too(client_for, merchant_a, barber):
    body = client_for(merchant_a).get(URL).content.decode()
    stock = re.search(r'<input type="number" name="stock"[^>]*>', body).group(0)
    assert 'min="1"' in stock
    assert "留空表示不限量" in body


def test_an_empty_stock_is_unlimited_and_a_stock_of_1_is_fine(client_for, merchant_a, barber):
    client = client_for(merchant_a)
    assert client.post(URL, proposal(barber, title="洗头", stock="")).status_code == 302
    assert client.post(URL, proposal(barber, title="修面一次", stock="1")).status_code == 302
    assert dict(Reward.objects.filter(venue=barber).values_list("title", "stock")) == {"洗头": None, "修面一次": 1}


def test_my_proposals_list_the_stock_and_the_limit(client_for, merchant_a, barber):
    RewardFactory(
        venue=barber,
        title="修面一次",
        proposed_by=merchant_a,
        published_at=None,
        active=False,
        stock=5,
        per_rider_monthly_limit=2,
    )
    RewardFactory(
        venue=barber,
        title="洗头",
        proposed_by=merchant_a,
        published_at=None,
        active=False,
        stock=None,
        per_rider_monthly_limit=None,
    )
    body = client_for(merchant_a).get(URL).content.decode()
    lines = {
        title: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", limits)).strip()
        for title, limits in re.findall(
            r'data-testid="proposal"[^>]*>([^·<]+?) ·.*?data-testid="proposal-limits">(.*?)</div>', body, flags=re.S
        )
    }
    assert lines == {"修面一次": "库存：5 · 每人每月限兑 2 次", "洗头": "库存：不限量 · 每人每月不限次数"}


def test_the_service_refuses_a_stock_of_0_too(merchant_a, barber):
    """The rule is the service's: an app or a script that skips the form is refused alike."""
    from django.core.exceptions import ValidationError

    from points.rewards.services import reward_propose

    with pytest.raises(ValidationError) as refused:
        reward_propose(actor=merchant_a, venue=barber, data={"title": "修面一次", "cost": 30, "stock": 0, "valid_days": 30})
    assert "stock" in refused.value.message_dict
    assert not Reward.objects.filter(venue=barber).exists()


def test_staff_are_asked_before_publishing_a_reward_with_no_stock_left(client_for, street_admin, barber):
    empty = RewardFactory(venue=barber, title="修面一次", stock=0, active=False, published_at=None)
    some = RewardFactory(venue=barber, title="洗头", stock=5, active=False, published_at=None)

    # Staff drafts (nobody proposed them): published from the drafts tab, with the same question.
    body = client_for(street_admin).get("/staff/rewards/?show=drafts").content.decode()

    forms = re.findall(r'<form method="post" action="/staff/rewards/(\d+)/publish/"[^>]*>', body)
    confirms = {int(pk) for pk in re.findall(r'action="/staff/rewards/(\d+)/publish/"[^>]*data-confirm="[^"]*无法兑换', body)}
    assert {empty.pk, some.pk} <= {int(pk) for pk in forms}
    assert confirms == {empty.pk}
