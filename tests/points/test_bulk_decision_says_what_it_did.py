"""A reviewer ticks claims in the queue and presses 批准所选 or 驳回所选. The queue came back with
"已审核 3 条申请。" ("3 claims decided.", "1 claims decided."), while a single decision says
"申请 #246 已通过：30 积分。". Now the message says what was decided and, for approvals, the
points paid (after the rules' caps), with the plural forms of the reader's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from points import services
from points.models import Claim
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db

QUEUE = "/staff/claims/"


def decide(client, claims, action: str, *, reason: str = "", language: str = "zh-hans") -> list[str]:
    client.cookies["django_language"] = language
    data = {"ids": [c.pk for c in claims], "action": action, "reason": reason, "next": QUEUE}
    response = client.post("/staff/claims/bulk/", data, follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def three_claims(rider, other_rider):
    """80 points in all: two claims of 30 and one of 20."""
    rescue, guide = RuleFactory(name="应急救援协助", points=30), RuleFactory(name="文明劝导", points=20)
    return [
        ClaimFactory(rider=rider, rule=rescue),
        ClaimFactory(rider=other_rider, rule=rescue),
        ClaimFactory(rider=rider, rule=guide),
    ]


def test_approving_three_claims_says_how_many_and_the_points_paid(client_for, reviewer, three_claims):
    assert decide(client_for(reviewer), three_claims, "approve") == ["已通过 3 条申请，共发放 80 积分。"]
    assert set(Claim.objects.values_list("status", flat=True)) == {Claim.Status.APPROVED}


def test_in_english_with_plural_forms(client_for, reviewer, three_claims):
    staff = client_for(reviewer)
    first, second, third = three_claims
    assert decide(staff, [first], "approve", language="en") == ["1 claim approved, 30 points paid."]
    assert decide(staff, [second, third], "approve", language="en") == ["2 claims approved, 50 points paid."]


def test_the_points_paid_are_after_the_daily_cap(client_for, reviewer, rider):
    """Two claims of 30 for the same day under a cap of 40 a day pay 30 and 10: the message says
    40, what the riders received, not 60."""
    capped = RuleFactory(name="志愿服务", points=30, max_per_day=40)
    day = timezone.now() - timedelta(hours=1)
    claims = [ClaimFactory(rider=rider, rule=capped, occurred_at=day) for _ in range(2)]
    assert decide(client_for(reviewer), claims, "approve", language="en") == ["2 claims approved, 40 points paid."]
    assert sorted(Claim.objects.values_list("points", flat=True)) == [10, 30]


def test_a_single_point_is_one_point(client_for, reviewer, rider):
    claim = ClaimFactory(rider=rider, rule=RuleFactory(name="随手拍", points=1))
    assert decide(client_for(reviewer), [claim], "approve", language="en") == ["1 claim approved, 1 point paid."]


def test_rejecting_says_how_many_were_rejected(client_for, reviewer, three_claims):
    staff = client_for(reviewer)
    first, *others = three_claims
    assert decide(staff, others, "reject", reason="照片看不清") == ["已驳回 2 条申请。"]
    assert decide(staff, [first], "reject", reason="photo blurred", language="en") == ["1 claim rejected."]
    assert set(Claim.objects.values_list("status", flat=True)) == {Claim.Status.REJECTED}


def test_when_nothing_was_decided_only_the_skipped_ones_are_said(client_for, reviewer, street_admin, three_claims):
    """Someone else decided the ticked claim meanwhile: no green "0 claims approved"."""
    claim = three_claims[0]
    services.claim_reject(actor=street_admin, claim=claim, reason="重复提交")
    assert decide(client_for(reviewer), [claim], "approve", language="en") == [
        f"Skipped (already decided, your own or not found): #{claim.pk}"
    ]
