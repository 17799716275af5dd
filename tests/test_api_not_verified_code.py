"""A rider the street office has not verified yet is refused wherever the API needs a verified
rider, and an app branches on one `code` for that: `not_verified`. The claims said
`rider_not_verified` while the rewards, the sign-ups and the reports said `not_verified`, so an
app that showed "wait for verification" on one missed the other. Each refusal keeps its own
words (what the rider cannot do yet); all answer one status, 409, where the claims said 403 and
the other four 409, so an app reading the status alone took a claim's refusal for a missing role."""

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

NOT_YET = "Your account has not been verified by the street office yet, so you cannot "
NEXT_STEP = " Finish verification on My profile."


def claim(api, newcomer, lang="en"):
    rule = RuleFactory()
    body = {"rule": rule.pk, "occurred_at": timezone.now().isoformat()}
    return api.post("/api/v1/claims/", body, format="json", HTTP_ACCEPT_LANGUAGE=lang)


def redeem(api, newcomer, lang="en"):
    give_points(newcomer, 300)  # enough: the refusal is for being unverified, not poor
    return api.post(f"/api/v1/rewards/{RewardFactory().pk}/redeem/", HTTP_ACCEPT_LANGUAGE=lang)


def sign_up(api, newcomer, lang="en"):
    return api.post(f"/api/v1/activities/{ActivityFactory().pk}/signup/", HTTP_ACCEPT_LANGUAGE=lang)


def report(api, newcomer, lang="en"):
    body = {"category": "fire_lane", "description": "电动车堵住了消防通道", "lat": 30.6578, "lng": 104.0812}
    return api.post("/api/v1/reports/", body, format="json", HTTP_ACCEPT_LANGUAGE=lang)


def me_too(api, newcomer, lang="en"):
    # Open and pinned: one the nearby list shows every rider, so the refusal is for being unverified.
    theirs = Report.objects.create(
        reporter=RiderFactory(), category="sanitation", description="消防通道旁堆满了装修垃圾", lat=30.6578, lng=104.0812
    )
    return api.post(f"/api/v1/reports/{theirs.pk}/me-too/", HTTP_ACCEPT_LANGUAGE=lang)


@pytest.mark.parametrize(
    "send, words, nothing_made",
    [
        (claim, "claim points.", Claim),
        (redeem, "redeem points.", Voucher),
        (sign_up, "sign up for activities.", Signup),
        (report, "report problems.", None),
        (me_too, "report problems.", MeToo),
    ],
    ids=["claim", "redeem", "sign-up", "report", "me-too"],
)
def test_an_unverified_rider_is_refused_with_the_one_code_not_verified_and_one_status(api_for, send, words, nothing_made):
    newcomer = RiderFactory(verification=Verification.UNVERIFIED)

    response = send(api_for(newcomer), newcomer)

    assert response.status_code == 409, response.json()
    assert response.json() == {"message": NOT_YET + words + NEXT_STEP, "code": "not_verified", "fields": {}}
    if nothing_made is not None:
        assert not nothing_made.objects.exists()
    assert not Report.objects.filter(reporter=newcomer).exists()


@pytest.mark.parametrize(
    "send, what",
    [(claim, "申请积分"), (redeem, "兑换积分"), (sign_up, "报名活动"), (report, "上报线索"), (me_too, "上报线索")],
    ids=["claim", "redeem", "sign-up", "report", "me-too"],
)
def test_in_chinese_the_refusals_are_one_family_that_says_where_to_finish(api_for, send, what):
    # Two wordings (尚未 for points, 还没有 for sign-ups and reports) read like two reasons to a
    # rider refused in two places, and none said what to do next.
    newcomer = RiderFactory(verification=Verification.UNVERIFIED)

    response = send(api_for(newcomer), newcomer, lang="zh-hans")

    assert response.json()["message"] == f"您的账号尚未通过街道办认证，暂时不能{what}。请在“我的资料”中完成认证。"


def test_the_schema_names_not_verified_for_each_refusal_and_never_the_old_code(client):
    response = client.get("/api/schema/?format=json")
    schema = response.json()
    refusals = [
        "/api/v1/claims/",
        "/api/v1/rewards/{id}/redeem/",
        "/api/v1/activities/{id}/signup/",
        "/api/v1/reports/",
        "/api/v1/reports/{id}/me-too/",
    ]
    for path in refusals:
        responses = schema["paths"][path]["post"]["responses"]
        assert "not_verified" in responses["409"]["description"], path
        assert "not_verified" not in responses.get("403", {}).get("description", ""), path
    assert "rider_not_verified" not in response.content.decode()
