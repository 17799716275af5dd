"""A street admin publishes two partners' proposals: one with the list's 上架 button, the other
from its form (cost changed, 已上架 ticked, saved). The audit trail recorded the second as 修改奖品
(with 已上架 否 → 是 among the changes), so filtering the trail by 发布奖品 missed it. Now both are
the same action, recorded by one function of the service, and the form's one keeps what else
changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from points.rewards import services
from tests.points.rewards.test_staff_publish_proposal_from_its_form_says_so import save

pytestmark = pytest.mark.django_db

AUDIT = "/staff/audit/"


def propose(merchant, venue, title: str):
    return services.reward_propose(
        actor=merchant,
        venue=venue,
        data={"title": title, "cost": 30, "stock": None, "per_rider_monthly_limit": 2, "valid_days": 30},
    )


def test_both_ways_of_publishing_read_as_published_on_the_audit_trail(client_for, street_admin, merchant_a, barber):
    by_button = propose(merchant_a, barber, "免费快剪一次")
    by_form = propose(merchant_a, barber, "洗剪吹8折券")
    admin = client_for(street_admin)

    admin.post(reverse("points:staff_reward_publish", args=[by_button.pk]))
    save(admin, by_form, cost=40, active="on")

    admin.cookies["django_language"] = "zh-hans"
    published = admin.get(AUDIT, {"action": "points.reward_published"})
    rows = published.context["rows"]
    assert sorted(row["entry"].target_id for row in rows) == sorted([str(by_button.pk), str(by_form.pk)])
    html = published.content.decode()
    assert html.count("发布奖品") >= 2
    # The form's publishing keeps what else it changed: the cost, and 已上架 itself.
    form_row = next(row for row in rows if row["entry"].target_id == str(by_form.pk))
    assert form_row["entry"].data["changes"]["cost"] == [30, 40]
    assert form_row["entry"].data["changes"]["active"] == [False, True]
    admin.cookies["django_language"] = "en"
    assert admin.get(AUDIT, {"action": "points.reward_published"}).content.decode().count("Reward published") >= 2
    # Not also a 修改奖品 entry for the same save.
    saved = admin.get(AUDIT, {"action": "points.reward_saved"})
    assert [row["entry"].target_id for row in saved.context["rows"]] == []


def test_an_ordinary_edit_of_a_published_reward_is_still_a_change(client_for, street_admin, merchant_a, barber):
    reward = propose(merchant_a, barber, "免费快剪一次")
    admin = client_for(street_admin)
    admin.post(reverse("points:staff_reward_publish", args=[reward.pk]))
    reward.refresh_from_db()

    save(admin, reward, cost=35, active="on")

    saved = admin.get(AUDIT, {"action": "points.reward_saved"})
    assert [row["entry"].target_id for row in saved.context["rows"]] == [str(reward.pk)]
    published = admin.get(AUDIT, {"action": "points.reward_published"})
    assert len(published.context["rows"]) == 1
