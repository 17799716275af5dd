"""The venue page (and its API) lists the rewards the venue offers, through the venues
app's hooks; like the page, the list is cached and a change shows at once."""

from __future__ import annotations

import pytest

from points.rewards import services
from tests.points.rewards.factories import RewardFactory, issue

pytestmark = pytest.mark.django_db


def test_the_venue_page_lists_its_active_rewards(barber, haircut, merchant_a, client):
    RewardFactory(venue=barber, title="未发布", active=False, published_at=None, proposed_by=merchant_a)

    html = client.get(f"/venues/{barber.pk}/").content.decode()

    assert 'data-testid="venue-rewards"' in html
    assert f'data-reward-id="{haircut.pk}"' in html and "未发布" not in html


def test_a_venue_without_rewards_has_no_rewards_section(hospital, client):
    assert 'data-testid="venue-rewards"' not in client.get(f"/venues/{hospital.pk}/").content.decode()


def test_the_venue_api_carries_the_rewards_and_their_stock(rich_rider, care_pack, client):
    assert client.get(f"/api/v1/venues/{care_pack.venue_id}/").json()["rewards"][0]["stock_left"] == 5
    issue(rich_rider, care_pack)
    assert client.get(f"/api/v1/venues/{care_pack.venue_id}/").json()["rewards"][0]["stock_left"] == 4


def test_a_second_visit_costs_no_query_and_an_edit_shows_at_once(
    street_admin, haircut, client, django_assert_num_queries, within_one_minute
):
    url = f"/venues/{haircut.venue_id}/"
    client.get(url)
    with django_assert_num_queries(0):
        assert "免费快剪一次" in client.get(url).content.decode()
    services.reward_save(actor=street_admin, reward=haircut, data={"title": "免费洗剪吹"})
    assert "免费洗剪吹" in client.get(url).content.decode()
