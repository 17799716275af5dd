"""What a claim will pay, said before it is decided: the claim form says each rule's caps in
words, and a pending claim (its page, the list, the API's `expected_points`) says what
approving it now would grant, by the rule the approval applies (selectors.award_under_caps).
From a review: 6 hours of a 10-a-hour rule capped at 40 a day read 审核通过后得 60 分 and paid
40; one more hour that day read 预计 +10 and paid 0."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from points import services
from points.models import Claim, Rule
from points.selectors import claim_award, expected_awards
from tests.html import text_of
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteering(db):
    return RuleFactory(name="志愿服务时长", points=10, unit=Rule.Unit.HOUR, max_per_day=40)


def yesterday_at(hour: int):
    day = timezone.localtime() - timedelta(days=1)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def approved(reviewer, rider, rule, hours, when) -> Claim:
    claim = ClaimFactory(rider=rider, rule=rule, quantity=Decimal(hours), occurred_at=when)
    return services.claim_approve(actor=reviewer, claim=claim)


def claim_on_the_page(client, rule, hours: str, when) -> Claim:
    response = client.post(
        "/points/claims/new/",
        {"rule": rule.pk, "quantity": hours, "occurred_at": when.strftime("%Y-%m-%dT%H:%M"), "description": "社区志愿服务"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Claim.objects.filter(rider__isnull=False).latest("id")


def test_the_form_says_the_caps_of_each_rule_in_words(client_for, rider, volunteering):
    monthly = RuleFactory(name="文明劝导", points=20, max_per_month=100, evidence=Rule.Evidence.PHOTO)
    html = client_for(rider).get(f"/points/claims/new/?rule={volunteering.pk}").content.decode()

    assert text_of(html, "rule-facts") == "10 积分/小时 · 每天最多 40 积分"
    assert 'data-facts="20 积分/次 · 每月最多 100 积分 · 需要照片"' in html
    assert f'<option value="{monthly.pk}"' in html and "文明劝导（20 积分/次）</option>" in html


def test_a_capped_claim_says_what_it_will_pay_and_pays_it(client_for, api_for, rider, reviewer, volunteering):
    client = client_for(rider)
    six_hours = claim_on_the_page(client, volunteering, "6", yesterday_at(9))

    page = client.get(f"/points/claims/{six_hours.pk}/").content.decode()
    assert text_of(page, "claim-expected-points") == (
        "按当前记录最多可得 40 积分：按规则应得 60 积分，但该规则每天最多 40 积分，当天已通过的申请也计算在内。"
    )
    listed = client.get("/points/claims/").content.decode()
    assert text_of(listed, "expected-points") == "预计 +40 · 受每日上限限制"
    body = api_for(rider).get(f"/api/v1/claims/{six_hours.pk}/").json()
    assert (body["expected_points"], body["expected_capped_by"]) == (40, "day")

    approved = services.claim_approve(actor=reviewer, claim=six_hours)
    assert approved.points == 40
    page = client.get(f"/points/claims/{six_hours.pk}/").content.decode()
    assert text_of(page, "claim-cap") == "因每日上限，由 60 积分减为 40 积分。"
    assert 'data-testid="claim-expected-points"' not in page
    assert text_of(client.get("/points/claims/").content.decode(), "capped") == "受每日上限限制"
    body = api_for(rider).get(f"/api/v1/claims/{six_hours.pk}/").json()
    assert (body["expected_points"], body["expected_capped_by"], body["points"]) == (None, "", 40)


def test_a_claim_on_a_day_already_capped_says_it_will_pay_nothing(client_for, api_for, rider, reviewer, volunteering):
    approved(reviewer, rider, volunteering, "4", yesterday_at(8))
    client = client_for(rider)
    one_more = claim_on_the_page(client, volunteering, "1", yesterday_at(20))

    page = client.get(f"/points/claims/{one_more.pk}/").content.decode()
    assert text_of(page, "claim-expected-points") == "当天已通过的申请已达该规则每天 40 积分的上限，本申请通过后将不得积分。"
    listed = client.get("/points/claims/").content.decode()
    assert "预计 +0 · 受每日上限限制" in listed
    listed_api = api_for(rider).get("/api/v1/claims/?status=pending").json()["results"]
    assert [(c["id"], c["expected_points"], c["expected_capped_by"]) for c in listed_api] == [(one_more.pk, 0, "day")]

    assert services.claim_approve(actor=reviewer, claim=one_more).points == 0


def test_an_uncapped_claim_says_its_points(client_for, rider, rule):
    claim = claim_on_the_page(client_for(rider), rule, "2", yesterday_at(10))

    page = client_for(rider).get(f"/points/claims/{claim.pk}/").content.decode()

    assert text_of(page, "claim-expected-points") == "审核通过后可得 20 积分。"
    assert "积分" in text_of(page, "claim-expected-points") and " 分（" not in page


def test_the_monthly_cap_is_said_as_a_monthly_one(client_for, rider, reviewer):
    rule = RuleFactory(points=30, max_per_month=50)
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=rule, occurred_at=yesterday_at(8)))
    claim = ClaimFactory(rider=rider, rule=rule, occurred_at=yesterday_at(12))

    page = client_for(rider).get(f"/points/claims/{claim.pk}/").content.decode()

    assert "按当前记录最多可得 20 积分" in text_of(page, "claim-expected-points")
    assert "每月最多 50 积分，当月已通过的申请也计算在内" in text_of(page, "claim-expected-points")


@pytest.mark.parametrize(
    ("earlier", "quantity", "day_cap", "month_cap"),
    [
        ([], "6", 40, None),
        (["2"], "3", 40, None),
        (["4"], "1", 40, None),
        (["3", "3"], "2", None, 70),
        (["2"], "2", 40, 50),
        (["1"], "0.5", 40, 50),
    ],
)
def test_the_estimate_is_what_the_approval_pays(rider, other_rider, reviewer, earlier, quantity, day_cap, month_cap):
    rule = RuleFactory(points=10, unit=Rule.Unit.HOUR, max_per_day=day_cap, max_per_month=month_cap)
    for i, hours in enumerate(earlier):
        when = yesterday_at(6 + i) - timedelta(days=i)  # the same month, mostly the same day
        approved(reviewer, rider, rule, hours, when)
    # Another rider's approved claims and this rider's other pending ones do not count.
    approved(reviewer, other_rider, rule, "4", yesterday_at(9))
    ClaimFactory(rider=rider, rule=rule, quantity=4, occurred_at=yesterday_at(10))
    claim = ClaimFactory(rider=rider, rule=rule, quantity=Decimal(quantity), occurred_at=yesterday_at(11))

    estimate = expected_awards([claim])[claim.pk]

    assert estimate == claim_award(claim)
    assert services.claim_approve(actor=reviewer, claim=claim).points == estimate.granted


def test_the_estimates_of_a_page_cost_one_query(rider, reviewer, volunteering, django_assert_num_queries):
    other = RuleFactory(points=5, max_per_month=20)
    claims = [ClaimFactory(rider=rider, rule=r, occurred_at=yesterday_at(h)) for h, r in enumerate([volunteering, other] * 5)]
    claims = list(Claim.objects.select_related("rule").filter(pk__in=[c.pk for c in claims]))

    with django_assert_num_queries(1):
        awards = expected_awards(claims)
    assert len(awards) == 10
    with django_assert_num_queries(0):
        assert expected_awards([ClaimFactory.build(rider=rider, rule=RuleFactory.build(), status="pending", pk=1)]) != {}


def test_the_schema_declares_the_estimate(client):
    schema = client.get("/api/schema/?format=json").json()
    claim = schema["components"]["schemas"]["ClaimOutput"]["properties"]
    assert claim["expected_points"]["type"] == "integer" and claim["expected_points"].get("nullable")
    assert "expected_capped_by" in claim
