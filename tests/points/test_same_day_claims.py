"""A reviewer is warned before paying twice for one shift: where the rider has another claim by
the same rule on the same day (Asia/Shanghai), waiting or approved, the queue row and the
claim page say so and link to it. A rejected or withdrawn claim, another rule, another rider
or the next day (across midnight in Chengdu) is no warning."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from points import services
from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db

CHENGDU = ZoneInfo("Asia/Shanghai")
EVENING = datetime(2026, 11, 30, 19, 0, tzinfo=CHENGDU)
LATE = datetime(2026, 11, 30, 23, 40, tzinfo=CHENGDU)
AFTER_MIDNIGHT = datetime(2026, 12, 1, 0, 20, tzinfo=CHENGDU)  # 16:20 UTC on the 30th


def warning_in_row(html: str, claim_id: int) -> str:
    """The queue row's same-day line, as text ('' when there is none)."""
    row = re.search(rf'<tr data-testid="queue-row" data-claim-id="{claim_id}".*?</tr>', html, re.S).group(0)
    found = re.search(r'<div class="same-day" data-testid="same-day">(.*?)</div>', row, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


def test_the_queue_and_the_claim_page_point_at_the_other_claim_of_that_day(client_for, reviewer, rider, rule):
    paid = ClaimFactory(rider=rider, rule=rule, occurred_at=EVENING)
    services.claim_approve(actor=reviewer, claim=paid)
    again = ClaimFactory(rider=rider, rule=rule, occurred_at=LATE)
    client = client_for(reviewer)

    queue = client.get("/staff/claims/").content.decode()
    assert warning_in_row(queue, again.pk) == f"同日同规则另有申请： #{paid.pk} 已通过"
    assert f'href="/staff/claims/{paid.pk}/"' in queue

    page = client.get(f"/staff/claims/{again.pk}/").content.decode()
    notice = re.search(r'<div class="notice same-day".*?</div>', page, re.S).group(0)
    assert "<strong>可能重复</strong>：该骑手同一天按同一规则还有 1 条申请" in notice
    assert f'<a href="/staff/claims/{paid.pk}/">#{paid.pk}</a> 2026-11-30 19:00' in notice
    assert "已通过</span> +10</li>" in notice  # the rule gives 10

    # The approved one's page names the waiting one the other way round.
    assert f"#{again.pk}</a> 2026-11-30 23:40" in client.get(f"/staff/claims/{paid.pk}/").content.decode()


def test_two_waiting_claims_of_one_day_warn_each_other(client_for, reviewer, rider, rule):
    first = ClaimFactory(rider=rider, rule=rule, occurred_at=EVENING)
    second = ClaimFactory(rider=rider, rule=rule, occurred_at=LATE)
    queue = client_for(reviewer).get("/staff/claims/").content.decode()
    assert warning_in_row(queue, first.pk) == f"同日同规则另有申请： #{second.pk} 待审核"
    assert warning_in_row(queue, second.pk) == f"同日同规则另有申请： #{first.pk} 待审核"


def test_what_is_not_a_second_payment_is_not_flagged(client_for, reviewer, rider, other_rider, rule, photo_rule):
    claim = ClaimFactory(rider=rider, rule=rule, occurred_at=LATE)
    ClaimFactory(rider=rider, rule=rule, occurred_at=AFTER_MIDNIGHT)  # the next day in Chengdu
    ClaimFactory(rider=rider, rule=rule, occurred_at=EVENING, status="rejected", reason="照片看不清")
    ClaimFactory(rider=rider, rule=rule, occurred_at=EVENING, status="withdrawn")
    ClaimFactory(rider=rider, rule=photo_rule, occurred_at=EVENING)  # another rule
    ClaimFactory(rider=other_rider, rule=rule, occurred_at=EVENING)  # another rider
    client = client_for(reviewer)

    assert warning_in_row(client.get("/staff/claims/").content.decode(), claim.pk) == ""
    assert 'id="same-day"' not in client.get(f"/staff/claims/{claim.pk}/").content.decode()


def test_the_claims_api_gives_reviewers_the_same_warning(api_for, reviewer, rider, rule):
    """A reviewer's app reads the same warning from the API; a rider's own view never has it."""
    paid = ClaimFactory(rider=rider, rule=rule, occurred_at=EVENING)
    services.claim_approve(actor=reviewer, claim=paid)
    again = ClaimFactory(rider=rider, rule=rule, occurred_at=LATE)
    ClaimFactory(rider=rider, rule=rule, occurred_at=AFTER_MIDNIGHT)  # the next day in Chengdu
    staff = api_for(reviewer)

    twins = staff.get(f"/api/v1/claims/{again.pk}/").json()["same_day_claims"]
    assert twins == [{"id": paid.pk, "occurred_at": "2026-11-30T19:00:00+08:00", "status": "approved", "points": 10}]
    listed = {c["id"]: c["same_day_claims"] for c in staff.get("/api/v1/claims/?status=pending").json()["results"]}
    assert listed[again.pk] == twins

    assert api_for(rider).get(f"/api/v1/claims/{again.pk}/").json()["same_day_claims"] == []
