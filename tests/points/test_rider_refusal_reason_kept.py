"""A reviewer refuses a rider's verification and types why. When the server refused the
decision (the reason too long, blank once trimmed, no decision chosen, their own account), the
rider's page came back with the message and an empty box: the reason typed was gone. Now it
comes back in the box, with why it was refused; where there is no box to take it (one's own
account), it is shown to copy. "Reject and next" refused stays on the rider, reason and all."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth.models import Group

from friendlystreet.accounts import roles
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db

REASON = "截图里的工号看不清，请重新上传一张清晰的截图"


@pytest.fixture
def applicant(db):
    return RiderFactory(verification="unverified")


def decide(rider) -> str:
    return f"/staff/riders/{rider.pk}/decide/"


def reason_box(page: str) -> str | None:
    box = re.search(r'<input type="text" name="reason" id="reason"[^>]*>', page)
    assert box, "the rider's page has its reason box"
    value = re.search(r'value="([^"]*)"', box.group(0))
    return html.unescape(value.group(1)) if value else None


def unsaved_reason(page: str) -> str:
    note = re.search(r'<textarea id="unsaved-reason-text"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(note.group(1)).strip() if note else ""


def test_a_reason_too_long_comes_back_in_the_box_with_why(client_for, reviewer, applicant):
    too_long = REASON * 10
    staff = client_for(reviewer)

    response = staff.post(decide(applicant), {"decision": "reject", "reason": too_long}, follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == decide(applicant)
    assert reason_box(page) == too_long
    assert 'aria-invalid="true"' in page and page.count("原因请控制在 200 字以内。") == 1  # beside the box, once
    applicant.refresh_from_db()
    assert applicant.verification == "unverified"
    # Once: the next visit starts clean, with what the page offers a rider who has sent no
    # screenshot (9e5672b), not the refused text.
    assert reason_box(staff.get(decide(applicant)).content.decode()) == "您尚未上传平台个人资料截图"


def test_reject_and_next_refused_stays_on_the_rider_with_the_reason(client_for, reviewer, applicant):
    RiderFactory(verification="unverified")  # the next one waiting, not opened
    staff = client_for(reviewer)

    response = staff.post(decide(applicant), {"decision": "reject", "reason": "   ", "and_next": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == decide(applicant)
    assert "请填写原因。" in response.content.decode()

    # No decision chosen (a page sent by hand): the reason typed stays too.
    response = staff.post(decide(applicant), {"reason": REASON, "and_next": "1"}, follow=True)
    page = response.content.decode()
    assert "请选择认证通过或驳回。" in page
    assert reason_box(page) == REASON


def test_in_english_the_reviewer_reads_why_and_keeps_the_reason(client_for, reviewer, applicant):
    staff = client_for(reviewer)
    staff.cookies.load({"django_language": "en"})

    page = staff.post(decide(applicant), {"decision": "reject", "reason": REASON * 10}, follow=True).content.decode()

    assert "Keep the reason under 200 characters." in page
    assert reason_box(page) == REASON * 10


def test_refusing_ones_own_account_shows_the_reason_to_copy(client_for):
    reviewer_who_rides = RiderFactory(verification="unverified", display_name="审核兼骑手")
    reviewer_who_rides.groups.add(Group.objects.get(name=roles.REVIEWER))

    response = client_for(reviewer_who_rides).post(
        decide(reviewer_who_rides), {"decision": "reject", "reason": REASON}, follow=True
    )

    page = response.content.decode()
    assert "不能认证自己。" in page
    assert unsaved_reason(page) == REASON
    assert "你填写的驳回原因未保存（如需要请复制）：" in page
    reviewer_who_rides.refresh_from_db()
    assert reviewer_who_rides.verification == "unverified"
