"""A reviewer who filters the claims to the rejected ones reads why each was rejected (a column
at a desk, a named line on a phone's card: the cell's data-label), in one query for the page
whatever its length; the "按 n 键" hint shows only in the queue of pending claims, where the
keys decide."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from points import services
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db

QUEUE = "/staff/claims/"
HINT = "按 <kbd>n</kbd> 键"


def rejected(reviewer, reason: str, **kwargs):
    kwargs.setdefault("rider", RiderFactory())
    claim = ClaimFactory(**kwargs)
    services.claim_reject(actor=reviewer, claim=claim, reason=reason)
    return claim


def reasons_on(html: str) -> dict[int, str]:
    rows = re.findall(r'data-claim-id="(\d+)".*?</tr>', html, flags=re.S)
    cells = re.findall(r'data-claim-id="\d+".*?<td class="reason"([^>]*)>(.*?)</td>', html, flags=re.S)
    return {int(pk): text.strip() for pk, (attrs, text) in zip(rows, cells, strict=True)}


def test_the_rejected_claims_show_their_reasons_with_a_label_for_the_phone(client_for, reviewer):
    rule = RuleFactory(name="文明劝导")
    late = rejected(reviewer, "照片里看不到劝导现场", rule=rule)
    vague = rejected(reviewer, "时间与排班不符", rule=rule)
    html = client_for(reviewer).get(QUEUE, {"status": "rejected"}).content.decode()
    assert "<th>驳回原因</th>" in html
    assert reasons_on(html) == {vague.pk: "时间与排班不符", late.pk: "照片里看不到劝导现场"}
    assert html.count('data-label="驳回原因"') == 2
    assert HINT not in html
    assert "Shown by review.js" not in html  # the template's comment is not shown as text


def test_all_statuses_name_the_reason_of_the_rejected_ones_only(client_for, reviewer):
    refused = rejected(reviewer, "重复提交")
    paid = ClaimFactory(rider=RiderFactory())
    services.claim_approve(actor=reviewer, claim=paid)
    waiting = ClaimFactory(rider=RiderFactory())
    html = client_for(reviewer).get(QUEUE, {"status": ""}).content.decode()
    assert reasons_on(html) == {waiting.pk: "", paid.pk: "", refused.pk: "重复提交"}
    assert html.count('data-label="驳回原因"') == 1
    assert HINT not in html


def test_the_approved_list_has_no_reason_column_nor_key_hint(client_for, reviewer):
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=RiderFactory()))
    html = client_for(reviewer).get(QUEUE, {"status": "approved"}).content.decode()
    assert "驳回原因" not in html
    assert HINT not in html


def test_the_pending_queue_keeps_its_key_hint_and_has_no_reason_column(client_for, reviewer):
    ClaimFactory(rider=RiderFactory())
    html = client_for(reviewer).get(QUEUE).content.decode()
    assert HINT in html
    assert 'class="reason"' not in html


def test_the_reasons_cost_no_query_per_row(client_for, reviewer):
    riders = [RiderFactory() for _ in range(4)]
    rejected(reviewer, "第一条", rider=riders[0])
    staff = client_for(reviewer)

    def count() -> tuple[int, int]:
        staff.get(QUEUE, {"status": "rejected"})  # warm up the caches
        with CaptureQueriesContext(connection) as ctx:
            response = staff.get(QUEUE, {"status": "rejected"})
        assert response.status_code == 200
        return len(ctx.captured_queries), len([q for q in ctx.captured_queries if "points_" in q["sql"]])

    one = count()
    for n in range(12):
        rejected(reviewer, f"原因{n}", rider=riders[n % 4])
    # As the pending queue (test_query_counts): count, page, photos, month summaries, same-day
    # claims, the filter's categories and rules, the menu's pending count. The reason comes
    # with the page's row.
    assert count() == one
    assert one[1] == 8
