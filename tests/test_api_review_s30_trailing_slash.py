"""An app that leaves out an address's final slash on a write (`POST /api/v1/claims`) still
does what it asked: the API answers 308, which clients follow with the same method and body.
APPEND_SLASH's 301 made clients repeat the POST as a GET: the claim came back as the list
of claims (200, nothing saved), the purchase as 405 "GET not allowed"."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import timezone

from points.models import Claim, Voucher
from tests.points.factories import RuleFactory
from tests.points.rewards.factories import RewardFactory, give_points

pytestmark = pytest.mark.django_db


def test_a_claim_posted_without_the_final_slash_is_made(api_for, rider):
    rule = RuleFactory(name="文明劝导")
    claim = {"rule": rule.pk, "occurred_at": timezone.now().isoformat(), "description": "劝导逆行"}
    client = api_for(rider)

    answer = client.post("/api/v1/claims", claim, format="json")
    assert answer.status_code == 308
    assert answer["Location"] == "/api/v1/claims/"

    followed = client.post("/api/v1/claims", claim, format="json", follow=True)
    assert followed.status_code == 201
    assert followed.json()["rule"]["id"] == rule.pk
    assert Claim.objects.filter(rider=rider, rule=rule).count() == 1


def test_a_purchase_without_the_final_slash_keeps_its_query_and_buys(api_for, rider):
    reward = RewardFactory(cost=30)
    give_points(rider, 30)
    client = api_for(rider)

    answer = client.post(f"/api/v1/rewards/{reward.pk}/redeem?from=app", HTTP_IDEMPOTENCY_KEY="buy-1")
    assert answer.status_code == 308
    assert answer["Location"] == f"/api/v1/rewards/{reward.pk}/redeem/?from=app"

    followed = client.post(f"/api/v1/rewards/{reward.pk}/redeem", HTTP_IDEMPOTENCY_KEY="buy-1", follow=True)
    assert followed.status_code == 201
    assert Voucher.objects.filter(rider=rider).count() == 1


@override_settings(DEBUG=True)
def test_with_debug_on_it_is_a_redirect_not_a_server_error(api_for, rider):
    # CommonMiddleware raised RuntimeError for a POST it could not redirect.
    assert api_for(rider).post("/api/v1/notifications/read-all").status_code == 308


def test_reads_and_unknown_addresses_are_as_before(api_for, rider):
    client = api_for(rider)
    read = client.get("/api/v1/claims?status=pending")
    assert (read.status_code, read["Location"]) == (301, "/api/v1/claims/?status=pending")
    unknown = client.post("/api/v1/no-such-thing", {}, format="json")
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "not_found"
