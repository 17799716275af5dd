"""A reviewer goes on after a rejection as after an approval ("reject and next"); the
verified riders' tab says what it lists and offers to look, not to verify again."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.accounts.models import Verification
from points.models import Claim
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def aged(claim: Claim, minutes: int) -> Claim:
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    claim.refresh_from_db()
    return claim


def test_reviewer_rejects_with_a_reason_and_lands_on_the_next_pending_claim(client_for, reviewer, rider, other_rider, rule):
    first = aged(ClaimFactory(rider=rider, rule=rule), 30)
    second = aged(ClaimFactory(rider=other_rider, rule=rule), 20)
    client = client_for(reviewer)
    page = client.get(f"/staff/claims/{first.pk}/").content.decode()
    reject_form = page.split('id="reject-form"')[1].split("</form>")[0]
    assert 'id="reject-next"' in reject_form and 'name="and_next"' in reject_form
    assert "驳回并审下一条" in reject_form and 'id="reject"' in reject_form

    response = client.post(f"/staff/claims/{first.pk}/reject/", {"reason": "照片看不清", "and_next": "1"}, follow=True)

    assert response.redirect_chain[-1][0] == f"/staff/claims/{second.pk}/"
    assert f"申请 #{first.pk} 已驳回" in response.content.decode()
    first.refresh_from_db()
    assert (first.status, first.reason, first.decided_by) == ("rejected", "照片看不清", reviewer)
    second.refresh_from_db()
    assert second.status == "pending"


def test_rejecting_the_last_one_and_next_goes_back_to_the_queue(client_for, reviewer, rider, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    response = client_for(reviewer).post(
        f"/staff/claims/{claim.pk}/reject/", {"reason": "重复申请", "and_next": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/staff/claims/"
    assert "没有待审核的申请了" in response.content.decode()


def test_reject_and_next_without_a_reason_stays_on_the_claim(client_for, reviewer, rider, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    ClaimFactory(rider=rider, rule=rule)  # a next claim there would be
    response = client_for(reviewer).post(f"/staff/claims/{claim.pk}/reject/", {"reason": "", "and_next": "1"})
    assert response["Location"] == f"/staff/claims/{claim.pk}/"
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_plain_reject_still_goes_back_to_the_queue(client_for, reviewer, rider, rule):
    claim, _other = ClaimFactory(rider=rider, rule=rule), ClaimFactory(rider=rider, rule=rule)
    response = client_for(reviewer).post(f"/staff/claims/{claim.pk}/reject/", {"reason": "不符合规则"})
    assert response["Location"] == "/staff/claims/"


def buttons(body: str) -> list[str]:
    return re.findall(r'data-testid="rider-open">([^<]+)</a>', body)


def test_the_verified_tab_says_verified_riders_and_offers_to_look(client_for, reviewer):
    RiderFactory(display_name="已认证甲")
    body = client_for(reviewer).get("/staff/riders/", {"status": "verified"}).content.decode()
    assert '<h1>已认证骑手 <span class="muted" id="rider-count">(1)</span></h1>' in body
    assert "<h1>待认证骑手" not in body
    assert buttons(body) == ["查看"]
    assert "查看并认证" not in body


def test_the_waiting_tab_still_asks_to_check_and_decide(client_for, reviewer):
    RiderFactory(verification=Verification.UNVERIFIED)
    body = client_for(reviewer).get("/staff/riders/").content.decode()
    assert "<h1>待认证骑手 <span" in body
    assert buttons(body) == ["查看并认证"]


def test_the_rejected_tab_has_its_own_heading_and_empty_text(client_for, reviewer):
    body = client_for(reviewer).get("/staff/riders/", {"status": "rejected"}).content.decode()
    assert '<h1>认证未通过的骑手 <span class="muted" id="rider-count">(0)</span></h1>' in body
    assert "没有认证未通过的骑手。" in body and "没有等待认证的骑手" not in body
    RiderFactory(verification=Verification.REJECTED)
    body = client_for(reviewer).get("/staff/riders/", {"status": "rejected"}).content.decode()
    assert buttons(body) == ["查看"]
