"""The catalogue and a merchant's redemptions grow with the programme: both API lists come a
page at a time, like every other list (friendlystreet/api/pagination.py: 20 items,
`?page_size=` up to 100). The merchant's list used to stop at its 500 newest without saying
so; the catalogue returned every reward on sale in one answer."""

from __future__ import annotations

import pytest

from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.points.rewards.test_api_review_rewards import body_of

pytestmark = pytest.mark.django_db


def test_the_catalogue_comes_a_page_at_a_time_cheapest_first(barber, rich_rider, api_for):
    for cost in range(1, 26):
        RewardFactory(venue=barber, cost=cost)
    api = api_for(rich_rider)

    first = api.get("/api/v1/rewards/").json()
    second = api.get(first["next"]).json()

    assert first["count"] == 25 and first["previous"] is None
    assert [r["cost"] for r in first["results"]] == list(range(1, 21))
    assert [r["cost"] for r in second["results"]] == list(range(21, 26)) and second["next"] is None
    assert len(api.get("/api/v1/rewards/?page_size=100").json()["results"]) == 25
    assert len(api.get("/api/v1/rewards/?page_size=1000").json()["results"]) == 25  # at most 100 a page


def test_what_i_can_redeem_now_is_paged_after_it_is_chosen(barber, rider, api_for):
    give_points(rider, 10)
    for cost in (5, 10, 15, 20):
        RewardFactory(venue=barber, cost=cost)
    RewardFactory(venue=barber, cost=1, stock=0)  # out of stock: not redeemable now

    body = api_for(rider).get("/api/v1/rewards/?affordable=1&page_size=1").json()

    assert body["count"] == 2
    assert [r["cost"] for r in body["results"]] == [5]


def test_a_page_past_the_end_is_a_404(barber, api_for):
    RewardFactory(venue=barber)
    response = api_for(None).get("/api/v1/rewards/?page=9", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 404


def test_a_merchants_redemptions_come_a_page_at_a_time_newest_first(
    barber, haircut, merchant_a, other_rider, api_for, django_assert_num_queries
):
    reward = RewardFactory(venue=barber, cost=1, title="矿泉水一瓶")
    give_points(other_rider, 100)
    codes = [issue(other_rider, reward).code for _ in range(23)]
    api = api_for(merchant_a)
    for code in codes:
        assert api.post(f"/api/v1/merchant/vouchers/{code}/redeem/").json()["confirmed"] is True

    # The operator and their permissions, their venues, the page's count and its rows (rider,
    # venue and who confirmed joined).
    with django_assert_num_queries(5):
        first = api.get("/api/v1/merchant/redemptions/").json()
    last = api.get("/api/v1/merchant/redemptions/?page=2").json()

    assert first["count"] == 23 and len(first["results"]) == 20 and len(last["results"]) == 3
    assert first["results"][0]["display_code_end"] == codes[-1][-4:]
    assert {r["title"] for r in first["results"]} == {"矿泉水一瓶"}
    assert api.get("/api/v1/merchant/redemptions/?period=month&page_size=100").json()["count"] == 23


def test_another_venues_operator_sees_none_of_them(barber, hospital, merchant_b, other_rider, merchant_a, api_for):
    reward = RewardFactory(venue=barber, cost=1)
    give_points(other_rider, 10)
    api_for(merchant_a).post(f"/api/v1/merchant/vouchers/{issue(other_rider, reward).code}/redeem/")

    body = api_for(merchant_b).get("/api/v1/merchant/redemptions/").json()

    assert (body["count"], body["results"]) == (0, [])


def test_the_schema_shows_both_lists_paged(schema):
    for path in ("/api/v1/rewards/", "/api/v1/merchant/redemptions/"):
        operation = schema["paths"][path]["get"]
        assert {"page", "page_size"} <= {p["name"] for p in operation["parameters"]}, path
        page = body_of(schema, operation["responses"]["200"])
        assert {"count", "next", "previous", "results"} <= set(page["properties"]), path
