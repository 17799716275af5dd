"""An app developer builds the catalogue and the vouchers on the API: the vouchers page like
every other list, the purchase's refusals are in the schema with what they carry, the QR
field says how to use it, and a bad filter reads as an error."""

from __future__ import annotations

import pytest

from tests.points.rewards.factories import RewardFactory, issue

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def body_of(schema: dict, response: dict) -> dict:
    ref = response["content"]["application/json"]["schema"]["$ref"]
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_the_vouchers_list_pages_with_page_size_like_every_list(rich_rider, hospital, api_for):
    reward = RewardFactory(venue=hospital, cost=10, stock=None)
    for _ in range(3):
        issue(rich_rider, reward)
    api = api_for(rich_rider)

    first = api.get("/api/v1/vouchers/?page_size=2").json()
    second = api.get("/api/v1/vouchers/?page_size=2&page=2").json()

    assert (first["count"], len(first["results"]), len(second["results"])) == (3, 2, 1)
    assert first["next"] and second["next"] is None
    assert len(api.get("/api/v1/vouchers/?page_size=1").json()["results"]) == 1


def test_a_bad_venue_filter_reads_as_an_error_in_chinese(rider, api_for):
    response = api_for(rider).get("/api/v1/rewards/?venue=abc", **ZH)

    assert response.status_code == 400
    assert response.json()["fields"]["venue"] == ["请填写场所编号（数字）。"]


def test_the_schema_lists_the_refusals_of_a_purchase_with_what_they_carry(schema):
    answers = schema["paths"]["/api/v1/rewards/{id}/redeem/"]["post"]["responses"]

    refused = answers["409"]
    for code in ("insufficient_points", "out_of_stock", "limit_reached", "not_available", "not_verified"):
        assert code in refused["description"]
    assert {"message", "code", "fields", "balance", "cost", "limit"} <= set(body_of(schema, refused)["properties"])
    assert "idempotency_key_reused" in answers["422"]["description"]
    assert body_of(schema, answers["422"]) == schema["components"]["schemas"]["Error"]
    assert "invalid_idempotency_key" in answers["400"]["description"]


def test_the_refusal_body_is_what_the_schema_says(rider, haircut, api_for):
    """Not enough points: the app shows the balance and the cost beside the message."""
    response = api_for(rider).post(f"/api/v1/rewards/{haircut.pk}/redeem/", **ZH)

    assert response.status_code == 409
    assert response.json() == {
        "message": "兑换该奖品还差 80 积分。",  # how many are missing (test_what_i_can_redeem.py)
        "code": "insufficient_points",
        "fields": {},
        "balance": 0,
        "cost": 80,
    }


def test_the_schema_lists_the_refusal_of_cancelling_a_voucher(schema):
    refused = schema["paths"]["/api/v1/vouchers/{code}/cancel/"]["post"]["responses"]["409"]

    assert "voucher_not_cancellable" in refused["description"]
    assert body_of(schema, refused)["properties"]["status"] == {"$ref": "#/components/schemas/StatusEnum"}


def test_the_qr_field_says_it_needs_the_token_and_holds_only_the_code(schema):
    described = schema["components"]["schemas"]["VoucherOutput"]["properties"]["qr_svg_url"]["description"]

    assert "X-Session-Token" in described
    assert "`code`" in described and "draw" in described
