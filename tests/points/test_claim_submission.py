"""A verified rider claims points: what is accepted, what is refused and why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.accounts.models import Verification
from points.models import Claim, ClaimPhoto, LedgerEntry
from tests.factories import PartnerFactory, RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db


def when(**delta) -> str:
    return (timezone.localtime() - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


def test_rider_submits_a_claim_on_the_page_and_sees_it_pending(client_for, rider, rule):
    response = client_for(rider).post(
        "/points/claims/new/",
        {"rule": rule.pk, "quantity": "1", "occurred_at": when(hours=2), "description": "劝导闯红灯的行人"},
    )
    claim = Claim.objects.get(rider=rider)
    assert response.status_code == 302
    assert response["Location"] == f"/points/claims/{claim.pk}/"
    assert claim.status == "pending"
    assert claim.points is None
    assert not LedgerEntry.objects.exists()
    page = client_for(rider).get(response["Location"])
    assert b'data-status="pending"' in page.content


def test_rider_submits_a_claim_with_photos_through_the_api(api_for, rider, photo_rule, jpeg):
    response = api_for(rider).post(
        "/api/v1/claims/",
        {
            "rule": photo_rule.pk,
            "quantity": "1",
            "occurred_at": timezone.now() - timedelta(hours=3),
            "description": "捡到钱包交给了派出所",
            "photos": [jpeg("a.jpg"), jpeg("b.jpg")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "pending"
    assert body["points"] is None
    assert len(body["photos"]) == 2
    assert ClaimPhoto.objects.filter(claim_id=body["id"]).count() == 2


def test_fields_a_rider_must_not_set_are_ignored(api_for, rider, rule, reviewer):
    response = api_for(rider).post(
        "/api/v1/claims/",
        {
            "rule": rule.pk,
            "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
            "status": "approved",
            "points": 9999,
            "decided_by": reviewer.pk,
            "rider": reviewer.pk,
        },
        format="json",
    )
    assert response.status_code == 201
    claim = Claim.objects.get()
    assert (claim.status, claim.points, claim.decided_by, claim.rider) == ("pending", None, None, rider)
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize(
    ("occurred", "field"),
    [
        (timedelta(hours=-2), "occurred_at"),  # in the future
        (timedelta(days=31), "occurred_at"),  # older than the 30-day window
    ],
)
def test_claim_for_the_future_or_too_long_ago_is_refused(api_for, rider, rule, occurred, field):
    response = api_for(rider).post(
        "/api/v1/claims/", {"rule": rule.pk, "occurred_at": (timezone.now() - occurred).isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Claim.objects.exists()


def test_the_claim_window_is_configurable(api_for, rider, rule, settings):
    settings.POINTS_CLAIM_WINDOW_DAYS = 3
    old = (timezone.now() - timedelta(days=4)).isoformat()
    assert api_for(rider).post("/api/v1/claims/", {"rule": rule.pk, "occurred_at": old}, format="json").status_code == 400
    settings.POINTS_CLAIM_WINDOW_DAYS = 5
    assert api_for(rider).post("/api/v1/claims/", {"rule": rule.pk, "occurred_at": old}, format="json").status_code == 201


def test_a_system_only_rule_cannot_be_claimed_by_a_rider(api_for, rider):
    system = RuleFactory(rider_claimable=False)
    response = api_for(rider).post(
        "/api/v1/claims/", {"rule": system.pk, "occurred_at": timezone.now().isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert "rule" in response.json()["fields"]
    assert not Claim.objects.exists()


def test_an_inactive_rule_or_one_not_yet_in_force_cannot_be_claimed(api_for, rider):
    inactive = RuleFactory(active=False)
    future = RuleFactory(valid_from=timezone.localdate() + timedelta(days=3))
    for r in (inactive, future):
        response = api_for(rider).post(
            "/api/v1/claims/", {"rule": r.pk, "occurred_at": timezone.now().isoformat()}, format="json"
        )
        assert response.status_code == 400
    assert not Claim.objects.exists()


def test_a_photo_rule_needs_a_photo(api_for, rider, photo_rule):
    response = api_for(rider).post(
        "/api/v1/claims/", {"rule": photo_rule.pk, "occurred_at": timezone.now().isoformat()}, format="multipart"
    )
    assert response.status_code == 400
    assert "photos" in response.json()["fields"]


def test_at_most_three_photos(api_for, rider, photo_rule, jpeg):
    response = api_for(rider).post(
        "/api/v1/claims/",
        {"rule": photo_rule.pk, "occurred_at": timezone.now().isoformat(), "photos": [jpeg() for _ in range(4)]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "photos" in response.json()["fields"]
    assert not ClaimPhoto.objects.exists()


@pytest.mark.parametrize("quantity", ["0", "-1", "1.5", "11", "abc"])
def test_per_occurrence_quantity_is_a_small_whole_number(api_for, rider, rule, quantity):
    response = api_for(rider).post(
        "/api/v1/claims/", {"rule": rule.pk, "quantity": quantity, "occurred_at": timezone.now().isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert not Claim.objects.exists()


@pytest.mark.parametrize(("quantity", "ok"), [("0.5", True), ("2.5", True), ("24", True), ("0.3", False), ("24.5", False)])
def test_hours_are_counted_in_half_hours(api_for, rider, hourly_rule, quantity, ok):
    response = api_for(rider).post(
        "/api/v1/claims/",
        {"rule": hourly_rule.pk, "quantity": quantity, "occurred_at": timezone.now().isoformat()},
        format="json",
    )
    assert (response.status_code == 201) is ok, response.json()


def test_unverified_rider_sees_why_they_cannot_claim(client_for, api_for, rule):
    newcomer = RiderFactory(verification=Verification.UNVERIFIED)
    page = client_for(newcomer).get("/points/claims/new/")
    assert page.status_code == 200
    assert b'id="not-verified"' in page.content
    assert b'id="claim-form"' not in page.content
    response = api_for(newcomer).post(
        "/api/v1/claims/", {"rule": rule.pk, "occurred_at": timezone.now().isoformat()}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "not_verified"
    assert not Claim.objects.exists()


def test_partner_cannot_submit_claims(api_for, rule):
    response = api_for(PartnerFactory()).post(
        "/api/v1/claims/", {"rule": rule.pk, "occurred_at": timezone.now().isoformat()}, format="json"
    )
    assert response.status_code == 403
    assert not Claim.objects.exists()


def test_too_many_pending_claims_are_refused(api_for, rider, rule):
    ClaimFactory.create_batch(20, rider=rider, rule=rule)
    response = api_for(rider).post("/api/v1/claims/", {"rule": rule.pk, "occurred_at": timezone.now().isoformat()}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "too_many_pending_claims"
    assert Claim.objects.count() == 20


def test_rider_withdraws_a_pending_claim_but_not_a_decided_one(api_for, rider, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    assert api_for(rider).post(f"/api/v1/claims/{claim.pk}/withdraw/").json()["status"] == "withdrawn"
    again = api_for(rider).post(f"/api/v1/claims/{claim.pk}/withdraw/")
    assert again.status_code == 409
    assert again.json()["status"] == "withdrawn"


def test_rider_cannot_see_or_withdraw_another_riders_claim(api_for, client_for, rider, other_rider, rule):
    claim = ClaimFactory(rider=other_rider, rule=rule)
    assert api_for(rider).get(f"/api/v1/claims/{claim.pk}/").status_code == 404
    assert client_for(rider).get(f"/points/claims/{claim.pk}/").status_code == 404
    assert api_for(rider).post(f"/api/v1/claims/{claim.pk}/withdraw/").status_code == 404
    assert api_for(rider).get("/api/v1/claims/").json()["results"] == []
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_claim_form_shows_field_errors_not_a_500(client_for, rider, rule):
    response = client_for(rider).post("/points/claims/new/", {"rule": rule.pk, "quantity": "1", "occurred_at": when(days=-1)})
    assert response.status_code == 200
    assert response.context["form"].errors["occurred_at"]
    assert not Claim.objects.exists()
