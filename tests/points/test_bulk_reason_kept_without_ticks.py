"""A reviewer types why in the queue's 驳回原因 box and presses 驳回所选 before ticking any claim.
The queue came back with 请先勾选要处理的申请。 and the box empty: the reason had to be typed
again. Now what was typed stays in the box, and nothing was decided."""

from __future__ import annotations

import re

import pytest

from points.models import Claim
from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db

QUEUE = "/staff/claims/"


def reason_box(html: str) -> str:
    box = re.search(r'<input type="text" name="reason" id="bulk-reason"[^>]*>', html)
    assert box, "the queue has its bulk reason box"
    value = re.search(r'value="([^"]*)"', box.group(0))
    return value.group(1) if value else ""


def test_a_rejection_with_nothing_ticked_keeps_the_reason_typed(client_for, reviewer, rider):
    claim = ClaimFactory(rider=rider)
    staff = client_for(reviewer)

    response = staff.post("/staff/claims/bulk/", {"action": "reject", "reason": "照片看不清", "next": QUEUE}, follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == QUEUE
    assert "请先勾选要处理的申请。" in html
    assert reason_box(html) == "照片看不清"
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING

    # Once: the next visit of the queue starts with an empty box.
    assert reason_box(staff.get(QUEUE).content.decode()) == ""


def test_approving_with_a_rejection_reason_typed_decides_nothing_and_says_why(client_for, reviewer, rider):
    """Without JavaScript, Enter in the reason box sends the queue's first button, 批准所选: the
    reviewer who typed why to reject must not approve the ticked claims by it."""
    claim = ClaimFactory(rider=rider)
    staff = client_for(reviewer)

    response = staff.post(
        "/staff/claims/bulk/", {"ids": [claim.pk], "action": "approve", "reason": "重复申请", "next": QUEUE}, follow=True
    )

    html = response.content.decode()
    assert "您填写了驳回原因" in html
    assert reason_box(html) == "重复申请"
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING

    # With the box cleared, approving works.
    staff.post("/staff/claims/bulk/", {"ids": [claim.pk], "action": "approve", "reason": " ", "next": QUEUE})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
