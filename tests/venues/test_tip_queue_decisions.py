"""The staff tip queue: a decided tip says who decided it and when; a reviewer who may only
moderate tips sees the page's heading once, not a one-link sub-navigation repeating it."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tests.factories import ReviewerFactory
from tests.venues.factories import TipFactory
from venues import services
from venues.models import TipStatus

pytestmark = pytest.mark.django_db

QUEUE = "/staff/venues/tips/"
# The user, their permissions, the page's count and tips (with compound, author and reviewer
# in one join), the authors' badges (team, grid, party: 3), unread notices, the staff menu's
# queue counts, the pending count. A reviewer named per tip must not add one query per tip.
QUEUE_QUERIES = 10


def decisions(html: str) -> list[str]:
    return [" ".join(m.split()) for m in re.findall(r'data-testid="tip-decision">(.*?)</p>', html, re.S)]


def test_an_approved_tip_names_its_reviewer_and_the_time(client_for, reviewer, rider):
    tip = TipFactory(author=rider)
    services.tip_approve(reviewer=reviewer, tip=tip)
    tip.refresh_from_db()
    when = timezone.localtime(tip.reviewed_at).strftime("%Y-%m-%d %H:%M")

    html = client_for(reviewer).get(QUEUE, {"status": TipStatus.APPROVED}).content.decode()

    assert decisions(html) == [f"由 审核员 于 {when} 审核通过"]


def test_a_rejected_tip_names_its_reviewer_and_the_time_in_english_too(client_for, reviewer, rider):
    tip = TipFactory(author=rider)
    services.tip_reject(reviewer=reviewer, tip=tip, reason="信息已过时")
    tip.refresh_from_db()
    when = timezone.localtime(tip.reviewed_at).strftime("%Y-%m-%d %H:%M")

    client = client_for(reviewer)
    html = client.get(QUEUE, {"status": TipStatus.REJECTED}, headers={"accept-language": "en"}).content.decode()

    assert decisions(html) == [f"Rejected by 审核员 on {when}"]


def test_a_pending_tip_says_nothing_of_a_decision(client_for, reviewer, rider):
    TipFactory(author=rider)
    html = client_for(reviewer).get(QUEUE).content.decode()
    assert 'data-tip-id="' in html
    assert decisions(html) == []


def test_a_reviewer_sees_the_page_heading_once_and_no_one_link_subnav(client_for, reviewer):
    html = client_for(reviewer).get(QUEUE).content.decode()

    assert 'class="subnav"' not in html
    # The list keeps its heading, for a screen reader's list of headings and the list's name.
    assert '<h1 id="tips-heading">小区贴士</h1>' in html
    assert 'aria-labelledby="tips-heading"' in html


def test_a_street_admin_keeps_the_venues_subnav_on_the_queue(client_for, street_admin):
    html = client_for(street_admin).get(QUEUE).content.decode()
    assert 'class="subnav"' in html
    assert 'aria-current="page">小区贴士</a>' in html


def test_the_decided_queue_costs_the_same_queries_however_many_reviewers(client_for, reviewer, rider, django_assert_num_queries):
    client = client_for(reviewer)
    services.tip_approve(reviewer=reviewer, tip=TipFactory(author=rider))
    client.get(QUEUE, {"status": TipStatus.APPROVED})  # session and caches warmed
    with django_assert_num_queries(QUEUE_QUERIES) as one:
        client.get(QUEUE, {"status": TipStatus.APPROVED})

    for _ in range(3):
        services.tip_approve(reviewer=ReviewerFactory(), tip=TipFactory(author=rider))
    with django_assert_num_queries(QUEUE_QUERIES) as four:
        response = client.get(QUEUE, {"status": TipStatus.APPROVED})

    assert len(decisions(response.content.decode())) == 4
    assert len(one.captured_queries) == len(four.captured_queries)
