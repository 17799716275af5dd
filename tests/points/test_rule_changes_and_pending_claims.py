"""A rule changed while claims wait for review (staff-content #5). The policy stays what the
approval did before: a pending claim is paid by the rule as it is when it is approved. What is
new is that everyone sees it: the claim keeps what the rule gave when it was submitted; the
rule form says how many waiting claims a change reaches and what they would get before and
after, and saves only once that is confirmed; the reviewer reads 申请时 10 积分，现行规则 6
积分, the rider the same on their claim's page, and the public rules page states the policy.
Caps that make a rule's points pointless (a daily cap below one claim's points, a daily cap
above the monthly one) are refused with the other fields' errors."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from points.models import Claim, Rule
from tests.points.factories import CategoryFactory, RuleFactory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def rule_post(rule: Rule, **changes) -> dict:
    data = {
        "category": rule.category_id,
        "name": rule.name,
        "description": rule.description,
        "points": rule.points,
        "unit": rule.unit,
        "evidence": rule.evidence,
        "rider_claimable": "on",
        "active": "on",
        "max_per_day": rule.max_per_day or "",
        "max_per_month": rule.max_per_month or "",
    }
    data.update(changes)
    return data


@pytest.fixture
def persuasion(db):
    return RuleFactory(name="文明劝导", points=5)


@pytest.fixture
def claim_of_ten(rider, persuasion, client_for):
    """Rider's claim of 文明劝导 ×2, submitted on the page when the rule gave 5 points a time."""
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(rider).post(
        "/points/claims/new/", {"rule": persuasion.pk, "quantity": "2", "occurred_at": when, "description": "劝导逆行"}
    )
    assert response.status_code == 302
    return Claim.objects.get(rider=rider)


def test_a_claim_keeps_what_the_rule_gave_when_it_was_submitted(claim_of_ten, rider, api_for):
    assert claim_of_ten.points_claimed == 10
    body = api_for(rider).get(f"/api/v1/claims/{claim_of_ten.pk}/").json()
    assert (body["points_claimed"], body["expected_points"]) == (10, 10)


def test_the_rule_form_says_how_many_claims_wait_for_the_rule(claim_of_ten, persuasion, street_admin, client_for):
    page = client_for(street_admin).get(f"/staff/rules/{persuasion.pk}/", **ZH).content.decode()

    notice = page.split('id="pending-claims"', 1)[1].split("</p>", 1)[0]
    assert "本规则有 1 条待审核的申请" in notice and "按审核通过时的规则计分" in notice
    assert f"/staff/claims/?status=pending&amp;rule={persuasion.pk}" in notice


def test_lowering_the_points_first_shows_what_the_waiting_claims_would_get_then_saves_once_confirmed(
    claim_of_ten, persuasion, street_admin, client_for
):
    staff = client_for(street_admin)

    shown = staff.post(f"/staff/rules/{persuasion.pk}/", rule_post(persuasion, points=3), **ZH)

    assert shown.status_code == 200
    page = shown.content.decode()
    effect = text(page.split('id="pending-effect"', 1)[1].split("</div>", 1)[0])
    assert "尚未保存" in effect
    assert "这次修改会影响本规则 1 条待审核的申请：现在通过共得 10 积分，按修改后的规则共得 6 积分" in effect
    assert 'name="confirm_pending" value="1"' in page
    assert 'name="points" value="3"' in page  # what staff typed is kept
    persuasion.refresh_from_db()
    assert persuasion.points == 5
    assert not AuditEntry.objects.filter(action="points.rule_saved").exists()

    saved = staff.post(f"/staff/rules/{persuasion.pk}/", {**rule_post(persuasion, points=3), "confirm_pending": "1"})

    assert saved.status_code == 302
    persuasion.refresh_from_db()
    assert persuasion.points == 3
    entry = AuditEntry.objects.get(action="points.rule_saved", target_id=str(persuasion.pk))
    assert entry.data["changes"]["points"] == [5, 3]
    assert entry.data["pending_claims"] == 1


def test_the_reviewer_and_the_rider_see_what_the_claim_was_filed_at_and_what_it_pays_now(
    claim_of_ten, persuasion, rider, reviewer, street_admin, client_for
):
    client_for(street_admin).post(f"/staff/rules/{persuasion.pk}/", {**rule_post(persuasion, points=3), "confirm_pending": "1"})

    review = client_for(reviewer).get(f"/staff/claims/{claim_of_ten.pk}/", **ZH).content.decode()
    assert 'data-granted="6"' in review
    changed = text(review.split('id="rule-changed"', 1)[1].split("</p>", 1)[0])
    assert "申请时 10 积分，现行规则 6 积分" in changed and "按审核通过时的规则计分" in changed

    mine = client_for(rider).get(f"/points/claims/{claim_of_ten.pk}/", **ZH).content.decode()
    assert "申请时按规则可得 10 积分，现行规则为 6 积分" in text(mine)

    client_for(reviewer).post(f"/staff/claims/{claim_of_ten.pk}/approve/")
    claim_of_ten.refresh_from_db()
    assert (claim_of_ten.status, claim_of_ten.points, claim_of_ten.points_claimed) == ("approved", 6, 10)


def test_an_unchanged_rule_says_nothing_of_it(claim_of_ten, reviewer, client_for):
    review = client_for(reviewer).get(f"/staff/claims/{claim_of_ten.pk}/", **ZH).content.decode()
    assert 'id="rule-changed"' not in review


def test_a_change_that_pays_the_waiting_claims_the_same_is_saved_at_once(claim_of_ten, persuasion, street_admin, client_for):
    # A new name, and a daily cap the waiting claim stays under.
    data = rule_post(persuasion, name="文明劝导（含交通）", max_per_day=50)

    response = client_for(street_admin).post(f"/staff/rules/{persuasion.pk}/", data)

    assert response.status_code == 302
    persuasion.refresh_from_db()
    assert (persuasion.name, persuasion.max_per_day) == ("文明劝导（含交通）", 50)
    entry = AuditEntry.objects.get(action="points.rule_saved")
    assert entry.data["pending_claims"] == 1  # a cap changed: the claims it could reach are counted


def test_a_new_daily_cap_that_cuts_the_waiting_claim_is_shown_before_saving(claim_of_ten, persuasion, street_admin, client_for):
    shown = client_for(street_admin).post(f"/staff/rules/{persuasion.pk}/", rule_post(persuasion, max_per_day=5), **ZH)

    effect = shown.content.decode().split('id="pending-effect"', 1)[1]
    assert 'data-now="10"' in effect.split(">", 1)[0] and 'data-after="5"' in effect.split(">", 1)[0]


@pytest.mark.parametrize(
    ("points", "unit", "per_day", "per_month", "field", "message"),
    [
        (50, "occurrence", 10, "", "max_per_day", "每天上限（10 积分）低于一次的积分（50 积分），任何申请都拿不到规则的分值。"),
        (20, "hour", 10, "", "max_per_day", "每天上限（10 积分）低于一小时的积分（20 积分）"),
        (10, "occurrence", 100, 20, "max_per_month", "每月上限（20 积分）低于每天上限（100 积分），每天上限永远达不到。"),
        (50, "occurrence", "", 30, "max_per_month", "每月上限（30 积分）低于一次的积分（50 积分）"),
    ],
)
def test_caps_that_make_the_points_pointless_are_refused(
    street_admin, client_for, points, unit, per_day, per_month, field, message
):
    category = CategoryFactory()
    data = {
        "category": category.pk,
        "name": "测试规则",
        "points": points,
        "unit": unit,
        "evidence": "none",
        "max_per_day": per_day,
        "max_per_month": per_month,
        "active": "on",
    }

    response = client_for(street_admin).post("/staff/rules/new/", data, **ZH)

    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert not Rule.objects.filter(name="测试规则").exists()


def test_pointless_caps_come_with_the_other_fields_errors_in_one_round(street_admin, client_for):
    data = {
        "category": CategoryFactory().pk,
        "name": "",
        "points": 50,
        "unit": "occurrence",
        "evidence": "none",
        "max_per_day": 10,
    }

    errors = client_for(street_admin).post("/staff/rules/new/", data, **ZH).context["form"].errors

    assert set(errors) == {"name", "max_per_day"}


def test_the_service_refuses_pointless_caps_too(street_admin, persuasion):
    from django.core.exceptions import ValidationError

    from points import services

    with pytest.raises(ValidationError) as refused:
        services.rule_save(actor=street_admin, rule=persuasion, data={"max_per_day": 100, "max_per_month": 20})
    assert set(refused.value.message_dict) == {"max_per_month"}
    persuasion.refresh_from_db()
    assert persuasion.max_per_month is None


def test_the_public_rules_page_states_the_policy(client):
    page = client.get("/points/rules/", **ZH).content.decode()
    policy = page.split('data-testid="rules-pending-policy"', 1)[1].split("</li>", 1)[0]
    assert "还在审核中的申请按审核通过时的规则计分" in policy and "已经发放的积分不会改变" in policy
