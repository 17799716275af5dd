"""Riders browse the catalogue: by kind of venue, what they can afford, stock and limit left."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [r["title"] for r in response.json()["results"]]


def test_the_catalogue_lists_published_rewards_with_stock_and_my_limit_left(rich_rider, haircut, care_pack, api_for):
    issue(rich_rider, haircut)

    body = {r["title"]: r for r in api_for(rich_rider).get("/api/v1/rewards/").json()["results"]}

    assert body["免费快剪一次"] == {
        "id": haircut.pk,
        "title": "免费快剪一次",
        "description": haircut.description,
        "cost": 80,
        "stock_left": None,
        "per_rider_monthly_limit": 1,
        "remaining_for_me": 0,
        "venue": {"id": haircut.venue_id, "name": "王师傅理发店", "kind": "merchant"},
        "valid_days": 30,
        "available_to": None,
        "image_url": None,
    }
    assert body["夏季关爱包"]["stock_left"] == 5
    assert body["夏季关爱包"]["remaining_for_me"] is None  # no limit


def test_unpublished_proposals_closed_venues_and_ended_rewards_are_not_listed(barber, merchant_a, haircut, api_for):
    RewardFactory(venue=barber, title="提案", active=False, published_at=None, proposed_by=merchant_a)
    RewardFactory(venue=barber, title="已结束", available_to=timezone.localdate() - timedelta(days=1))
    RewardFactory(venue=VenueFactory(active=False), title="关门了")

    assert titles(api_for(None).get("/api/v1/rewards/")) == ["免费快剪一次"]


def test_riders_filter_by_kind_of_venue_and_what_they_can_afford(rider, haircut, care_pack, api_for, client_for):
    give_points(rider, 70)
    api = api_for(rider)

    assert titles(api.get("/api/v1/rewards/?kind=hospital")) == ["夏季关爱包"]
    assert titles(api.get("/api/v1/rewards/?affordable=true")) == ["夏季关爱包"]
    assert api.get("/api/v1/rewards/?kind=spaceport").status_code == 400

    page = client_for(rider).get("/rewards/?affordable=1").content.decode()
    assert f'data-reward-id="{care_pack.pk}"' in page and f'data-reward-id="{haircut.pk}"' not in page


def test_a_bad_filter_is_explained_in_the_callers_language(rider, api_for):
    api = api_for(rider)
    chinese = api.get("/api/v1/rewards/?kind=spaceport", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    english = api.get("/api/v1/rewards/?venue=x", HTTP_ACCEPT_LANGUAGE="en").json()
    assert chinese["fields"]["kind"][0].startswith("请使用以下之一：")
    assert english["fields"]["venue"] == ["Enter a venue's id (a number)."]


def test_nothing_affordable_points_to_earning_not_to_another_kind_of_venue(rider, haircut, care_pack, client_for):
    give_points(rider, 10)
    page = client_for(rider).get("/rewards/?affordable=1").content.decode()
    assert "暂时没有您现在可以兑换的奖品" in page and "/points/how-to-earn/" in page


@pytest.mark.parametrize(
    "state, reason",
    [({"stock": 0}, "抱歉，该奖品已兑完。"), ({"per_rider_monthly_limit": 1}, "您本月兑换该奖品的次数已达上限。")],
    ids=["out of stock", "monthly limit reached"],
)
def test_a_disabled_redeem_button_says_why(rich_rider, barber, client_for, state, reason):
    reward = RewardFactory(venue=barber, cost=10, **state)
    if state.get("per_rider_monthly_limit"):
        issue(rich_rider, reward)
    page = client_for(rich_rider).get(f"/rewards/{reward.pk}/").content.decode()
    assert 'id="redeem" class="big" disabled' in page
    assert f'<p class="muted" data-testid="why-not">{reason}</p>' in page


def test_the_catalogue_is_public_without_my_limits(haircut, client):
    assert client.get("/rewards/").status_code == 200
    assert client.get("/api/v1/rewards/").json()["results"][0]["remaining_for_me"] is None


def test_the_catalogue_api_is_a_constant_number_of_queries(rich_rider, api_for, django_assert_num_queries):
    for kind in VenueKind.values:
        venue = VenueFactory(kind=kind)
        for n in range(4):
            RewardFactory(venue=venue, per_rider_monthly_limit=n or None, stock=n * 3 or None)
    api = api_for(rich_rider)
    # The user (the session is in the cache), the page's count and its rewards (venue
    # joined), and the rider's vouchers this month of the page's limited ones, counted in
    # the database. Was 3 before the list was paged (the count is the one more); 6 on a cold
    # cache and 0 after, from the per-user cache, before that: nothing the rider owns is cached.
    with django_assert_num_queries(4):
        body = api.get("/api/v1/rewards/").json()
    assert (body["count"], len(body["results"])) == (20, 20)
    # "what I can afford": the balance, then every reward it covers, the rider's vouchers of
    # them (stock and limits are checked in Python), and the page is cut from those
    with django_assert_num_queries(4):
        api.get("/api/v1/rewards/?affordable=1")


def test_a_purchase_shows_in_the_catalogue_at_once(rich_rider, care_pack, api_for):
    api = api_for(rich_rider)
    assert api.get("/api/v1/rewards/").json()["results"][0]["stock_left"] == 5
    api.post(f"/api/v1/rewards/{care_pack.pk}/redeem/")
    assert api.get("/api/v1/rewards/").json()["results"][0]["stock_left"] == 4


def test_everyone_sees_a_purchase_in_the_cached_cards_at_once(rich_rider, care_pack, api_for, client, client_for):
    # The cards are the same for everyone, so they are kept: a sale must still show on them
    # at once, to visitors and to the rider who bought.
    rider_page = client_for(rich_rider)
    for page in (client, rider_page):
        assert 'data-testid="stock">剩 5' in page.get("/rewards/").content.decode()
    api_for(rich_rider).post(f"/api/v1/rewards/{care_pack.pk}/redeem/")
    for page in (client, rider_page):
        assert 'data-testid="stock">剩 4' in page.get("/rewards/").content.decode()


def test_visitors_see_each_rewards_limit_and_riders_also_what_is_left_of_it(rich_rider, haircut, client, client_for):
    issue(rich_rider, haircut)
    for page in (client.get("/rewards/"), client_for(rich_rider).get("/rewards/")):
        assert "每人每月限兑 1 次" in page.content.decode()
    assert 'data-testid="remaining"' not in client.get("/rewards/").content.decode()
    mine = client_for(rich_rider).get("/rewards/").content.decode()
    assert '<p data-testid="remaining"><span class="status rejected">本月已兑满</span></p>' in mine


def test_the_catalogue_page_is_a_constant_number_of_queries(rich_rider, client_for, django_assert_num_queries):
    for n in range(12):
        RewardFactory(per_rider_monthly_limit=2 if n % 2 else None)
    client = client_for(rich_rider)
    # The user, their permissions, the balance, the rewards, the rider's vouchers this month
    # of the limited ones, the bell's unread count (was 7, with two permission queries)...
    with django_assert_num_queries(6):
        assert client.get("/rewards/").status_code == 200
    # ... then the rewards' cards come from the cache, the same for everyone
    with django_assert_num_queries(5):
        html = client.get("/rewards/").content.decode()
    assert html.count('data-testid="reward"') == 12 and html.count('data-testid="remaining"') == 6


def test_the_reward_page_offers_redeeming_only_to_verified_riders(haircut, rider, merchant_a, client_for, client):
    give_points(rider, 100)
    assert 'id="redeem"' in client_for(rider).get(f"/rewards/{haircut.pk}/").content.decode()
    assert 'id="redeem"' not in client_for(merchant_a).get(f"/rewards/{haircut.pk}/").content.decode()
    assert "/accounts/login/" in client.get(f"/rewards/{haircut.pk}/").content.decode()


def test_a_proposal_is_visible_only_to_its_proposer_and_staff(barber, merchant_a, rider, street_admin, client_for):
    proposal = RewardFactory(venue=barber, active=False, published_at=None, proposed_by=merchant_a)
    assert client_for(rider).get(f"/rewards/{proposal.pk}/").status_code == 404
    assert client_for(merchant_a).get(f"/rewards/{proposal.pk}/").status_code == 200
    assert client_for(street_admin).get(f"/rewards/{proposal.pk}/").status_code == 200


def test_the_riders_own_numbers_follow_each_purchase_cancel_and_top_up(rich_rider, haircut, api_for):
    api = api_for(rich_rider)

    def mine():
        (row,) = api.get("/api/v1/rewards/?affordable=1").json()["results"] or [None]
        return row and row["remaining_for_me"]

    assert mine() == 1  # 300 points, a haircut costs 80, one a month
    code = api.post(f"/api/v1/rewards/{haircut.pk}/redeem/").json()["code"]
    assert api.get("/api/v1/rewards/").json()["results"][0]["remaining_for_me"] == 0
    assert mine() is None  # used up this month: not something the rider can redeem now
    api.post(f"/api/v1/vouchers/{code}/cancel/")
    assert mine() == 1
    # Spend the balance down (a staff adjustment): no longer affordable.
    from points.services import account_lock, ledger_post

    with transaction.atomic():
        ledger_post(account=account_lock(rider=rich_rider), kind="adjust", amount=-250, actor=None, note="test")
    assert mine() is None
