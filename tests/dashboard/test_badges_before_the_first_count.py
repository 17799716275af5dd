"""A new installation, or a street office without Celery beat: the menu's badges stayed empty on
every staff page but a queue's own until someone opened the dashboard or the periodic refresh
(every 3 minutes) had counted. A reviewer who went straight to 待认证骑手 saw no 积分申请 28.
Now a queue with no count recorded is counted when a staff page is drawn (counts(), as the
refresh counts it), recorded and shown; from then on every page reads the record in its one
query, as before."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendlystreet.dashboard import queues
from friendlystreet.dashboard.models import QueueCount
from friendlystreet.dashboard.tasks import refresh_queues
from friendlystreet.notifications.models import Notification
from tests.dashboard.helpers import badge
from tests.points.factories import ClaimFactory
from tests.venues.factories import TipFactory

pytestmark = pytest.mark.django_db


def to_do(html: str) -> str:
    """The phone menu's one number (待办 n), or "" when it shows none."""
    found = re.search(r'data-testid="menu-badge">([^<]*)<', html)
    return found.group(1) if found else ""


def test_a_reviewers_first_staff_page_shows_the_work_waiting_before_any_refresh(client_for, reviewer, rider):
    ClaimFactory(rider=rider)
    ClaimFactory(rider=rider)
    TipFactory(author=rider)
    assert not QueueCount.objects.exists()  # nobody opened the dashboard, no refresh ran

    html = client_for(reviewer).get("/staff/riders/").content.decode()

    assert badge(html, "/staff/claims/") == 2
    assert badge(html, "/staff/venues/tips/") == 1
    assert to_do(html) == "待办 3"
    # Recorded as the refresh records it: the next refresh compares with these.
    assert QueueCount.objects.get(code="points.pending_claims").count == 2
    assert QueueCount.objects.get(code="venues.tips_pending").count == 1
    # A first count is no arrival: nobody knows what the queue was before.
    assert not Notification.objects.filter(kind=queues.ARRIVAL_KIND).exists()


def test_once_recorded_a_staff_page_reads_the_count_and_counts_nothing_more(client_for, reviewer, rider):
    ClaimFactory(rider=rider)
    staff = client_for(reviewer)  # 导出台账: a staff page that is no queue's
    with CaptureQueriesContext(connection) as first:
        staff.get("/staff/exports/")
    with CaptureQueriesContext(connection) as second:
        staff.get("/staff/exports/")
    ClaimFactory(rider=rider)
    with CaptureQueriesContext(connection) as third:
        html = staff.get("/staff/exports/").content.decode()

    # The first page counted each queue with a badge once and recorded them in one insert.
    assert len(first) == len(second) + len(queues.badge_sources()) + 1
    # Then the record is read as it stands (the new claim reaches it with the next refresh or
    # on the queue's page), at the same cost on every page.
    assert len(third) == len(second)
    assert badge(html, "/staff/claims/") == 1
    refresh_queues()
    assert badge(staff.get("/staff/exports/").content.decode(), "/staff/claims/") == 2


def test_badges_count_only_the_queues_not_recorded_yet(django_assert_num_queries, rider):
    ClaimFactory(rider=rider)
    sources = queues.badge_sources()
    # The record; each queue counted; one insert for them all.
    with django_assert_num_queries(1 + len(sources) + 1):
        assert queues.badges() == {"points:review_queue": 1}
    with django_assert_num_queries(1):
        assert queues.badges() == {"points:review_queue": 1}

    # A queue whose row is missing (added by an update) is the only one counted.
    QueueCount.objects.filter(code="points.pending_claims").delete()
    ClaimFactory(rider=rider)
    with django_assert_num_queries(3):
        assert queues.badges() == {"points:review_queue": 2}
    # On its own page too it is counted once, not twice.
    QueueCount.objects.filter(code="points.pending_claims").delete()
    with django_assert_num_queries(3):
        assert queues.badges(here="points:review_queue") == {"points:review_queue": 2}
