"""A reviewer ticks two claims in the queue and presses 驳回所选 before typing the reason. The
queue came back with 请填写原因。 at the top and every tick gone: the two claims had to be found
and ticked again. Now the same claims stay ticked (and what was typed stays typed), the reason
box is the one marked, and nothing was decided."""

from __future__ import annotations

import re

import pytest

from points.models import Claim
from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db

QUEUE = "/staff/claims/"


def ticked(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'<input type="checkbox" name="ids" value="(\d+)"[^>]*\bchecked\b', html)}


def test_a_rejection_without_a_reason_keeps_the_claims_ticked(client_for, reviewer, rider):
    first, second, third = (ClaimFactory(rider=rider) for _ in range(3))
    staff = client_for(reviewer)
    assert ticked(staff.get(QUEUE).content.decode()) == set()

    response = staff.post(
        "/staff/claims/bulk/", {"ids": [first.pk, third.pk], "action": "reject", "reason": " ", "next": QUEUE}, follow=True
    )

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == QUEUE
    assert "请填写原因。" in html
    assert ticked(html) == {first.pk, third.pk}
    assert re.search(r'<input type="text" name="reason" id="bulk-reason"[^>]*aria-invalid="true"', html)
    assert set(Claim.objects.values_list("status", flat=True)) == {Claim.Status.PENDING}

    # Once: the next visit of the queue starts with nothing ticked.
    assert ticked(staff.get(QUEUE).content.decode()) == set()

    # With the reason typed the same two are rejected.
    staff.post("/staff/claims/bulk/", {"ids": [first.pk, third.pk], "action": "reject", "reason": "照片看不清"})
    assert {c.pk: c.status for c in Claim.objects.all()} == {
        first.pk: Claim.Status.REJECTED,
        second.pk: Claim.Status.PENDING,
        third.pk: Claim.Status.REJECTED,
    }
