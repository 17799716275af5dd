"""待认证骑手 / Riders to verify had no count in its heading, where 积分申请 (26), 治理线索 (8) and
活动 (6) have one: a verifier could not tell how many were waiting without counting the cards or
the pages. The heading now counts the tab's riders as those pages do, from the paginator's count
(no query more), and on the waiting tab it agrees with the menu's badge (staffmorning finding 17)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendlystreet.accounts.models import Verification
from tests.dashboard.helpers import badge
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db

QUEUE = "/staff/riders/"


def heading(html: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found)).strip()


@pytest.fixture
def riders(db):
    """Three riders waiting for a decision, two verified, one refused."""
    for _ in range(3):
        RiderFactory(verification=Verification.UNVERIFIED)
    for _ in range(2):
        RiderFactory(verification=Verification.VERIFIED)
    RiderFactory(verification=Verification.REJECTED, verification_note="截图看不清")


def test_the_verifier_reads_how_many_wait_in_the_heading(client_for, reviewer, riders):
    page = client_for(reviewer).get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert heading(page) == "Riders to verify (3)"
    assert page.count('data-testid="rider"') == 3
    assert badge(page, QUEUE) == 3  # the menu says the same


def test_the_heading_in_chinese(client_for, reviewer, riders):
    page = client_for(reviewer).get(QUEUE, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert heading(page) == "待认证骑手 (3)"


@pytest.mark.parametrize(("status", "expected"), [("verified", "Verified riders (2)"), ("rejected", "Riders not verified (1)")])
def test_each_tab_counts_its_own_riders(client_for, reviewer, riders, status, expected):
    # The reviewer is a verified account too, but no rider: the verified tab counts riders only.
    page = client_for(reviewer).get(f"{QUEUE}?status={status}", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert heading(page) == expected
    assert page.count('data-testid="rider"') == int(expected[-2])


def test_a_queue_longer_than_a_page_counts_all_its_riders(client_for, reviewer):
    for _ in range(31):
        RiderFactory(verification=Verification.UNVERIFIED)

    page = client_for(reviewer).get(f"{QUEUE}?page=2", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert heading(page) == "Riders to verify (31)"
    assert page.count('data-testid="rider"') == 1


def test_the_count_costs_no_query_more(client_for, reviewer, riders):
    """The users counted twice: the paginator (its count, which the heading reads) and the
    menu's badge of this queue, counted now on its own page. Nothing counts them a third time."""
    staff = client_for(reviewer)
    staff.get(QUEUE)
    with CaptureQueriesContext(connection) as ctx:
        staff.get(QUEUE)
    counts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(") and "accounts_user" in q["sql"]]
    assert len(counts) == 2
