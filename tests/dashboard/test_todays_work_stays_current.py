"""After a reviewer approves a claim, the dashboard's today's work is current at once: the
queues are counted on every request (queues.counts()), never cached; only the figures of the
period are cached for a few minutes. The menu's badges on the dashboard are its cards' counts,
and the record the other staff pages read is brought up to date by the same visit."""

from __future__ import annotations

import re

import pytest

from friendlystreet.dashboard.models import QueueCount
from tests.dashboard.helpers import badge
from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db

CARD = re.compile(r'data-testid="count-points\.pending_claims">(\d+)<')


def card(html: str) -> int:
    return int(CARD.search(html).group(1))


def claims_badge(html: str) -> int:
    return badge(html, "/staff/claims/")


def test_an_approved_claim_leaves_todays_work_at_once(client_for, reviewer, rider, api_for):
    first, second = ClaimFactory(rider=rider), ClaimFactory(rider=rider)
    staff = client_for(reviewer)
    before = staff.get("/staff/")
    assert (card(before.content.decode()), claims_badge(before.content.decode())) == (2, 2)
    computed_at = before.context["computed_at"]

    assert staff.post(f"/staff/claims/{first.pk}/approve/").status_code == 302
    after = staff.get("/staff/")

    html = after.content.decode()
    assert after.context["computed_at"] == computed_at  # the period's figures: from the cache
    assert (card(html), claims_badge(html)) == (1, 1)  # today's work and its badge: counted now
    assert api_for(reviewer).get("/api/v1/staff/figures/").json()["queues"]["pending_claims"] == 1
    # The visit recorded it: the other staff pages' badges say 1 too.
    assert QueueCount.objects.get(code="points.pending_claims").count == 1
    assert claims_badge(staff.get("/staff/riders/").content.decode()) == 1

    staff.post(f"/staff/claims/{second.pk}/approve/")
    html = staff.get("/staff/").content.decode()
    assert (card(html), claims_badge(html)) == (0, 0)
