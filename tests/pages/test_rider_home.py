"""A rider's home answers "what now": the balance and what it buys, the stations near them,
their next activity, unread notices and their verification, then the actions with icons.
Staff and partners keep their own homes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from friendlystreet.accounts.models import Verification
from friendlystreet.notifications.services import notify
from tests.factories import RiderFactory
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.volunteers.factories import ActivityFactory, SignupFactory

pytestmark = pytest.mark.django_db


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


def test_a_rider_sees_the_balance_and_the_rewards_it_buys(client_for, rider):
    give_points(rider, 50)
    RewardFactory(title="免费快剪", cost=30)
    RewardFactory(title="理发套餐", cost=80)
    html = client_for(rider).get("/home/").content.decode()
    balance = section(html, "home-balance")
    assert ">50</strong>" in balance
    assert "免费快剪" in balance and "理发套餐" not in balance


def test_a_reward_published_lately_comes_first_among_those_within_reach_and_is_marked_new(client_for, rider):
    """Onboarding review #11: the three dearest within reach hid a new partner's 50-point bowl.
    Published in the last 14 days, it leads, marked 新上架; one 15 days old is not new."""
    give_points(rider, 190)
    long_ago = timezone.now() - timedelta(days=60)
    for title, cost in (("体检套餐", 150), ("理发套餐", 100), ("夏季关爱包", 80)):
        RewardFactory(title=title, cost=cost, published_at=long_ago)
    RewardFactory(title="免费牛肉面一碗", cost=50, published_at=timezone.now() - timedelta(days=2))
    RewardFactory(title="加蛋券", cost=5, published_at=timezone.now() - timedelta(days=15))

    html = client_for(rider).get("/home/").content.decode()

    rewards = section(html, "home-balance").split('data-testid="home-reward"')[1:]
    assert [next(t for t in ("免费牛肉面一碗", "体检套餐", "理发套餐") if t in r) for r in rewards] == [
        "免费牛肉面一碗",
        "体检套餐",
        "理发套餐",
    ]
    assert 'data-testid="home-reward-new">新上架<' in rewards[0]
    assert all("home-reward-new" not in r for r in rewards[1:])

    english = client_for(rider)
    english.cookies["django_language"] = "en"
    assert 'data-testid="home-reward-new">New<' in english.get("/home/").content.decode()


def test_a_rider_who_can_buy_nothing_yet_sees_what_is_missing(client_for, rider):
    give_points(rider, 10)
    RewardFactory(title="免费快剪", cost=30)
    balance = section(client_for(rider).get("/home/").content.decode(), "home-balance")
    assert "免费快剪" in balance and "还差 20 积分" in balance


def test_a_reward_at_the_riders_monthly_limit_is_not_offered(client_for, rider):
    give_points(rider, 300)
    checkup = RewardFactory(title="免费健康体检", cost=150, per_rider_monthly_limit=1)
    RewardFactory(title="免费快剪", cost=30)
    issue(rider, checkup)  # this month's one; 150 points are left
    balance = section(client_for(rider).get("/home/").content.decode(), "home-balance")
    assert ">150</strong>" in balance
    assert "免费快剪" in balance and "免费健康体检" not in balance


def test_a_reward_out_of_stock_is_not_offered(client_for, rider):
    give_points(rider, 300)
    RewardFactory(title="夏季关爱包", cost=60, stock=0)
    RewardFactory(title="免费快剪", cost=30)
    balance = section(client_for(rider).get("/home/").content.decode(), "home-balance")
    assert "免费快剪" in balance and "夏季关爱包" not in balance


def test_a_rider_with_points_but_nothing_open_to_them_is_not_told_points_are_missing(client_for, rider):
    give_points(rider, 300)
    checkup = RewardFactory(title="免费健康体检", cost=150, per_rider_monthly_limit=1)
    issue(rider, checkup)
    balance = section(client_for(rider).get("/home/").content.decode(), "home-balance")
    assert "免费健康体检" not in balance and "还差" not in balance


def test_a_rider_short_of_points_is_only_shown_rewards_still_open_to_them(client_for, rider):
    give_points(rider, 10)
    RewardFactory(title="夏季关爱包", cost=20, stock=0)
    RewardFactory(title="免费快剪", cost=30)
    balance = section(client_for(rider).get("/home/").content.decode(), "home-balance")
    assert "夏季关爱包" not in balance and "免费快剪" in balance and "还差 20 积分" in balance


def test_the_next_activity_is_the_soonest_one_not_yet_over(client_for, rider):
    SignupFactory(rider=rider, activity=ActivityFactory(title="已结束的活动", starts_at=timezone.now() - timedelta(days=2)))
    SignupFactory(rider=rider, activity=ActivityFactory(title="下周的活动", starts_at=timezone.now() + timedelta(days=7)))
    SignupFactory(rider=rider, activity=ActivityFactory(title="明天的活动", starts_at=timezone.now() + timedelta(days=1)))
    ActivityFactory(title="没报名的活动", starts_at=timezone.now() + timedelta(hours=5))
    panel = section(client_for(rider).get("/home/").content.decode(), "home-activity")
    assert "明天的活动" in panel
    assert "下周的活动" not in panel and "已结束的活动" not in panel and "没报名的活动" not in panel


def test_unread_notices_are_listed_and_read_ones_are_not(client_for, rider):
    notify(rider, "welcome")
    read = notify(rider, "welcome")
    read.read_at = timezone.now()
    read.save()
    panel = section(client_for(rider).get("/home/").content.decode(), "home-notices")
    assert panel.count('data-testid="home-notice"') == 1


def test_an_unverified_rider_is_told_how_verification_works_and_where_to_upload(client_for):
    rider = RiderFactory(verification=Verification.UNVERIFIED)
    panel = section(client_for(rider).get("/home/").content.decode(), "home-verification")
    assert 'href="/profile/evidence/"' in panel


def test_a_verified_rider_sees_no_verification_panel(client_for, rider):
    assert 'data-testid="home-verification"' not in client_for(rider).get("/home/").content.decode()


def test_the_nearby_panel_asks_the_venue_api_for_open_stations(client_for, rider):
    panel = section(client_for(rider).get("/home/").content.decode(), "home-nearby")
    assert 'data-api="/api/v1/venues/?kind=community_station&amp;open_now=true&amp;page_size=3"' in panel
    assert 'href="/venues/"' in panel  # without the phone's permission: the map


def test_the_actions_carry_icons(client_for, rider):
    html = client_for(rider).get("/home/").content.decode()
    actions = html[html.index('id="home-links"') :]
    assert actions.count("<svg") >= 5 and 'href="/points/claims/new/"' in actions


def test_a_partner_keeps_the_redemption_buttons_and_no_rider_panels(client_for, merchant_a):
    html = client_for(merchant_a).get("/home/").content.decode()
    assert 'href="/redeem/"' in html and "home-balance" not in html


def test_the_rider_home_costs_a_fixed_number_of_queries(client_for, rider):
    """Pinned at 8: the user (the session is in the cache), the groups' permissions (the role
    checks), the bell's unread count, the unread notices, the balance, the rewards on sale,
    the rider's vouchers this month of those with a monthly limit, the next activity.
    Stations near the rider cost none: the phone asks the API."""
    give_points(rider, 50)
    for cost in (10, 20, 30, 40):
        RewardFactory(cost=cost, per_rider_monthly_limit=2 if cost > 20 else None)
    RewardFactory(cost=45, published_at=timezone.now() - timedelta(days=30))  # new ones first costs nothing
    for days in (1, 2, 3):
        SignupFactory(rider=rider, activity=ActivityFactory(starts_at=timezone.now() + timedelta(days=days)))
    notify(rider, "welcome")
    client = client_for(rider)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/home/").status_code == 200
    assert len(queries) == 8, "\n".join(q["sql"] for q in queries)
