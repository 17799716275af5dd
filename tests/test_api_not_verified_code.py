"""A rider the street office has not verified yet is refused wherever the API needs a verified
rider, and an app branches on one `code` for that: `not_verified`. The claims said
`rider_not_verified` while the rewards, the sign-ups and the reports said `not_verified`, so an
app that showed "wait for verification" on one missed the other. Each refusal keeps its own
words (what the rider cannot do yet) and its status."""

from __future__ import annotations

import pytest
from django.utils import timezone

from friendlystreet.accounts.models import Verification
from points.models import Claim, Voucher
from tests.factories import RiderFactory
from tests.points.factories import RuleFactory
from tests.points.rewards.factories import RewardFactory, give_points
from tests.volunteers.factories import ActivityFactory
from volunteers.models import MeToo, Report, Signup

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NOT_YET = "Your account has not been verified by the street office yet, so you cannot "


def claim(api, newcomer):
    rule = RuleFactory()
    return api.post("/api/v1/claims/", {"rule": rule.pk, "occurred_at": timezone.now().isoformat()}, format="json", **EN)


def redeem(api, newcomer):
    give_points(newcomer, 300)  # enough: the refusal is for being unverified, not poor
    return api.post(f"/api/v1/rewards/{RewardFactory().pk}/redeem/", **EN)


def sign_up(api, newcomer):
    return api.post(f"/api/v1/activities/{ActivityFactory().pk}/signup/", **EN)


def report(api, newcomer):
    body = {"category": "fire_lane", "description": "电动车堵住了消防通道", "lat": 30.6578, "lng": 104.0812}
    return api.post("/api/v1/reports/", body, format="json", **EN)


def me_too(api, newcomer):
    theirs = Report.objects.create(
        reporter=RiderFactory(), category="sanitation", description="消防通道旁堆满了装修垃圾", address="成龙路168号"
    )
    return api.post(f"/api/v1/reports/{theirs.pk}/me-too/", **EN)


@pytest.mark.parametrize(
    "send, status, words, nothing_made",
    [
        (claim, 403, "claim points.", Claim),
        (redeem, 409, "redeem points.", Voucher),
        (sign_up, 409, "sign up.", Signup),
        (report, 409, "report yet.", None),
        (me_too, 409, "report yet.", MeToo),
    ],
    ids=["claim", "redeem", "sign-up", "report", "me-too"],
)
def test_an_unverified_rider_is_refused_with_the_one_code_not_verified(api_for, send, status, words, nothing_made):
    newcomer = RiderFactory(verification=Verification.UNVERIFIED)

    response = send(api_for(newcomer), newcomer)

    assert response.status_code == status, response.json()
    assert response.json() == {"message": NOT_YET + words, "code": "not_verified", "fields": {}}
    if nothing_made is not None:
        assert not nothing_made.objects.exists()
    assert not Report.objects.filter(reporter=newcomer).exists()


def test_the_schema_names_not_verified_for_each_refusal_and_never_the_old_code(client):
    response = client.get("/api/schema/?format=json")
    schema = response.json()
    refusals = [
        ("/api/v1/claims/", "403"),
        ("/api/v1/rewards/{id}/redeem/", "409"),
        ("/api/v1/activities/{id}/signup/", "409"),
        ("/api/v1/reports/", "409"),
        ("/api/v1/reports/{id}/me-too/", "409"),
    ]
    for path, status in refusals:
        assert "not_verified" in schema["paths"][path]["post"]["responses"][status]["description"], path
    assert "rider_not_verified" not in response.content.decode()
