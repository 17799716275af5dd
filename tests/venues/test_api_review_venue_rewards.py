"""GET /api/v1/venues/{id}/ declares the `rewards` the points app adds (review finding 4):
a typed client generated from the schema keeps every key the answer carries."""

from __future__ import annotations

import pytest

from tests.points.rewards.factories import RewardFactory
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db


def test_the_schema_declares_every_key_of_a_venues_detail_rewards_included(client):
    barber = RewardFactory(title="免费快剪", cost=30, stock=5, per_rider_monthly_limit=1, valid_days=14)
    schema = client.get("/api/schema/?format=json").json()["components"]["schemas"]

    detail = client.get(f"/api/v1/venues/{barber.venue_id}/").json()

    assert set(detail) == set(schema["VenueDetail"]["properties"])
    reward = schema["VenueDetail"]["properties"]["rewards"]
    assert reward["items"]["$ref"] == "#/components/schemas/VenueReward"
    assert detail["rewards"] == [
        {"id": barber.id, "title": "免费快剪", "cost": 30, "stock_left": 5, "per_rider_monthly_limit": 1, "valid_days": 14}
    ]
    assert set(detail["rewards"][0]) == set(schema["VenueReward"]["properties"])


def test_a_venue_without_rewards_says_so_with_an_empty_list(client):
    station = VenueFactory(kind=VenueKind.COMMUNITY_STATION)

    assert client.get(f"/api/v1/venues/{station.id}/").json()["rewards"] == []


def test_the_stock_left_is_current_though_the_venue_itself_comes_from_the_cache(client):
    care_pack = RewardFactory(stock=2)
    url = f"/api/v1/venues/{care_pack.venue_id}/"
    assert client.get(url).json()["rewards"][0]["stock_left"] == 2

    care_pack.stock = 1
    care_pack.save()

    assert client.get(url).json()["rewards"][0]["stock_left"] == 1


def test_a_street_admin_changing_a_venue_gets_its_rewards_too(api_for, street_admin):
    barber = RewardFactory()

    response = api_for(street_admin).patch(f"/api/v1/venues/{barber.venue_id}/update/", {"hours_note": "春节休息"}, format="json")

    assert response.status_code == 200
    assert [r["id"] for r in response.json()["rewards"]] == [barber.id]
