"""Two reviewers open the same pending claim. 王审核 approves it; 审核员, who was typing why it
should be rejected, presses 驳回 a moment later. The page came back with “该申请已通过。” and
nothing else: the reason typed was gone. Now the page says who approved it and when, and the
reason is shown so it can be copied; with 驳回并审下一条 the reviewer goes on to the next claim
and the reason comes along. A reason refused as bad input stays in the box."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from points.models import Claim
from tests.factories import ReviewerFactory
from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db

REASON = "照片与申请时间不符，请补充当天的照片"


@pytest.fixture
def first_reviewer(db):
    return ReviewerFactory(display_name="王审核")


def aged(claim: Claim, minutes: int) -> Claim:
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    claim.refresh_from_db()
    return claim


def reason_box(page: str) -> str:
    box = re.search(r'<textarea name="reason" id="id_reason"[^>]*>(.*?)</textarea>', page, re.S)
    assert box, "the claim page has its reason box"
    return html.unescape(box.group(1)).strip()


def unsaved_reason(page: str) -> str:
    note = re.search(r'<textarea id="unsaved-reason-text"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(note.group(1)).strip() if note else ""


def test_the_second_reviewers_reason_comes_back_with_who_decided_first(client_for, reviewer, first_reviewer, rider, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    second = client_for(reviewer)
    assert 'id="reject-form"' in second.get(f"/staff/claims/{claim.pk}/").content.decode()
    client_for(first_reviewer).post(f"/staff/claims/{claim.pk}/approve/")

    response = second.post(f"/staff/claims/{claim.pk}/reject/", {"reason": REASON}, follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/staff/claims/{claim.pk}/"
    assert f"申请 #{claim.pk} 已由 王审核 于" in page and "你的驳回未保存" in page
    assert unsaved_reason(page) == REASON
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by, claim.reason) == ("approved", first_reviewer, "")

    # Shown once: the next visit of the claim starts clean.
    assert unsaved_reason(second.get(f"/staff/claims/{claim.pk}/").content.decode()) == ""


def test_in_english_the_message_names_the_first_reviewer(client_for, reviewer, first_reviewer, rider, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    client_for(first_reviewer).post(f"/staff/claims/{claim.pk}/approve/")
    second = client_for(reviewer)
    second.cookies.load({"django_language": "en"})

    page = second.post(f"/staff/claims/{claim.pk}/reject/", {"reason": REASON}, follow=True).content.decode()

    assert f"Claim #{claim.pk} was approved by 王审核 at " in page
    assert "before your rejection: it was not saved." in page
    assert unsaved_reason(page) == REASON


def test_reject_and_next_goes_on_to_the_next_claim_with_the_unsaved_reason(
    client_for, reviewer, first_reviewer, rider, other_rider, rule
):
    claim = aged(ClaimFactory(rider=rider, rule=rule), 30)
    following = aged(ClaimFactory(rider=other_rider, rule=rule), 20)
    client_for(first_reviewer).post(f"/staff/claims/{claim.pk}/reject/", {"reason": "重复申请"})

    response = client_for(reviewer).post(f"/staff/claims/{claim.pk}/reject/", {"reason": REASON, "and_next": "1"}, follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/staff/claims/{following.pk}/"
    assert f"申请 #{claim.pk} 已由 王审核 于" in page and "先行驳回，你的驳回未保存" in page
    assert unsaved_reason(page) == REASON
    # Not put in the next claim's box: it was written about another claim.
    assert reason_box(page) == ""
    following.refresh_from_db()
    assert following.status == "pending"
    claim.refresh_from_db()
    assert claim.reason == "重复申请"


def test_a_blank_reason_is_refused_and_what_was_typed_stays_in_the_box(client_for, reviewer, rider, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    staff = client_for(reviewer)

    page = staff.post(f"/staff/claims/{claim.pk}/reject/", {"reason": "   "}, follow=True).content.decode()
    assert "请填写驳回原因。" in page

    too_long = "说明" * 300
    page = staff.post(f"/staff/claims/{claim.pk}/reject/", {"reason": too_long}, follow=True).content.decode()
    assert reason_box(page) == too_long
    assert unsaved_reason(page) == ""
    claim.refresh_from_db()
    assert claim.status == "pending"
