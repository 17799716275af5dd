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
