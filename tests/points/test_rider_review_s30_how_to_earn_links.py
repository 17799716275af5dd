"""A rider's review of "How to earn": a rule the programme pays by itself (an activity attended,
a report accepted, a compound tip approved) said "granted automatically: no claim needed" and
stopped there, with no way on. Each now leads to where it is earned, as a claimable rule leads
to its claim form."""

from __future__ import annotations

import re

import pytest

from points.models import Category, Rule

pytestmark = pytest.mark.django_db


def system_rule(code: str, name: str) -> Rule:
    """The rule as its data migration seeds it (made again if a flushed database lost it)."""
    category, _ = Category.objects.get_or_create(code=f"cat-{code}", defaults={"name": f"类别 {code}"})
    rule, _ = Rule.objects.get_or_create(
        code=code, defaults={"category": category, "name": name, "points": 10, "rider_claimable": False}
    )
    return rule


def rule_item(html: str, rule: Rule) -> str:
    start = html.index(f'data-rule-id="{rule.pk}"')
    return html[start : html.index("</li>", start)]


def link(item: str, testid: str) -> tuple[str, str]:
    found = re.search(rf'<a [^>]*href="([^"]+)"[^>]*data-testid="{testid}">([^<]+)</a>', item)
    assert found, item
    return found.group(1), found.group(2)


@pytest.mark.parametrize(
    ("code", "name", "href", "words"),
    [
        (Rule.ACTIVITY_ATTENDANCE, "参加志愿活动", "/activities/", "查看活动"),
        (Rule.REPORT_ACCEPTED, "治理线索被采纳", "/reports/new/", "我要上报"),
        (Rule.REPORT_ACCEPTED_GRID, "微网格员治理线索被采纳", "/reports/new/", "我要上报"),
        (Rule.COMPOUND_TIP_APPROVED, "小区指引被采纳", "/compounds/", "去小区指南写贴士"),
    ],
)
def test_a_rule_paid_automatically_leads_to_where_it_is_earned(client, rider, code, name, href, words):
    rule = system_rule(code, name)
    client.force_login(rider)

    item = rule_item(client.get("/points/how-to-earn/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode(), rule)

    assert "自动发放，无需申请" in item
    assert link(item, "earn-here") == (href, words)
    assert 'data-testid="claim-this"' not in item  # nothing to claim


def test_in_english_too_and_for_a_visitor(client):
    rule = system_rule(Rule.ACTIVITY_ATTENDANCE, "参加志愿活动")

    item = rule_item(client.get("/points/how-to-earn/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), rule)

    assert link(item, "earn-here") == ("/activities/", "See the activities")


def test_a_rule_riders_claim_keeps_its_claim_button_and_no_other(client, rider):
    category = Category.objects.create(code="civility", name="文明实践")
    rule = Rule.objects.create(category=category, name="文明劝导", points=5)
    client.force_login(rider)

    item = rule_item(client.get("/points/how-to-earn/").content.decode(), rule)

    assert link(item, "claim-this")[0] == f"/points/claims/new/?rule={rule.pk}"
    assert 'data-testid="earn-here"' not in item
