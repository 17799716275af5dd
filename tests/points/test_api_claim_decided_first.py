"""Two reviewers decide the same claim through the app: 王审核 approves it, the other reviewer's
rejection a moment later is refused (409). The answer said only “此申请的状态已经是“已通过”。”,
while the claim page named who approved it and when: the app now reads the same, from the
service both use."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.factories import ReviewerFactory
from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_reviewer(db):
    return ReviewerFactory(display_name="王审核")


def test_a_rejection_after_another_reviewers_approval_names_who_approved_and_when(api_for, reviewer, first_reviewer, rider, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    assert api_for(first_reviewer).post(f"/api/v1/claims/{claim.pk}/approve/").status_code == 200
    claim.refresh_from_db()
    when = timezone.localtime(claim.decided_at).strftime("%Y-%m-%d %H:%M")

    response = api_for(reviewer).post(f"/api/v1/claims/{claim.pk}/reject/", {"reason": "照片不清楚"}, format="json")

    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["status"], body["points"]) == ("claim_not_pending", "approved", 10)
    assert body["message"] == f"申请 #{claim.pk} 已由 王审核 于 {when} 先行通过，你的驳回未保存。"
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by, claim.reason) == ("approved", first_reviewer, "")


def test_an_approval_after_another_reviewers_rejection_names_who_rejected(api_for, reviewer, first_reviewer, rider, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    api_for(first_reviewer).post(f"/api/v1/claims/{claim.pk}/reject/", {"reason": "重复申请"}, format="json")

    response = api_for(reviewer).post(f"/api/v1/claims/{claim.pk}/approve/")

    assert response.status_code == 409
    assert response.json()["status"] == "rejected"
    assert f"申请 #{claim.pk} 已由 王审核 于" in response.json()["message"]
    assert "先行驳回，你的审核通过未保存" in response.json()["message"]
