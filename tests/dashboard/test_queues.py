"""Today's work: one registry with the morning digest; a notice to the handlers when a queue
goes from empty to non-empty, once; the badges read the last recorded counts."""

from __future__ import annotations

import pytest

from friendlystreet.dashboard import queues
from friendlystreet.dashboard.models import QueueCount
from friendlystreet.dashboard.tasks import refresh_queues
from friendlystreet.notifications.digest import digest_sources
from friendlystreet.notifications.models import Delivery, Notification
from tests.points.factories import ClaimFactory
from tests.venues.factories import TipFactory

pytestmark = pytest.mark.django_db

KIND = queues.ARRIVAL_KIND


def arrivals(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=KIND))


def test_every_queue_of_the_issue_is_a_digest_source_with_a_page():
    wanted = {
        "points.pending_claims": "pending_claims",
        "points.riders_waiting": "riders_to_verify",
        "volunteers.new_reports": "reports_new",
        "volunteers.overdue_reports": "reports_overdue",
        "venues.tips_pending": "tips_pending",
        "points.reward_proposals": "proposals_pending",
        "notifications.failed_deliveries": "deliveries_failed",
    }
    for code, key in wanted.items():
        assert digest_sources[code].queue == key
        assert digest_sources[code].url_name
    assert digest_sources["volunteers.activities_today"].arrival is False


def test_a_queue_going_from_empty_to_non_empty_notifies_its_handlers_once(reviewer, street_admin, rider, other_rider):
    refresh_queues()  # first look: everything recorded, nobody told
    assert QueueCount.objects.get(code="points.pending_claims").count == 0
    assert not arrivals(reviewer)

    ClaimFactory(rider=rider)
    refresh_queues()
    notices = arrivals(reviewer)
    assert len(notices) == 1
    assert notices[0].link == "/staff/claims/"
    assert "1" in notices[0].body
    assert len(arrivals(street_admin)) == 1
    assert not arrivals(rider)

    refresh_queues()  # nothing changed
    ClaimFactory(rider=other_rider)
    refresh_queues()  # 1 → 2 is not an arrival
    assert len(arrivals(reviewer)) == 1
    assert QueueCount.objects.get(code="points.pending_claims").count == 2


def test_a_racing_second_record_of_the_same_change_notifies_nobody(reviewer, rider):
    queues.queues_record({"points.pending_claims": 0})
    ClaimFactory(rider=rider)
    assert queues.queues_record({"points.pending_claims": 1}) == ["points.pending_claims"]
    # A second worker that read the old 0 before the first one wrote: its compare-and-set finds
    # the row already at 1 and changes nothing.
    moved = QueueCount.objects.filter(code="points.pending_claims", count=0).update(count=1)
    assert moved == 0
    assert len(arrivals(reviewer)) == 1


def test_only_the_handlers_of_a_queue_are_told(reviewer, street_admin, rider):
    refresh_queues()
    n = Notification.objects.create(recipient=rider, kind="welcome", title="Hello")
    Delivery.objects.create(notification=n, channel="sms", address=rider.phone, text="x", status="failed", last_error="x")
    refresh_queues()
    assert len(arrivals(street_admin)) == 1  # failed deliveries are the street admins'
    assert not arrivals(reviewer)


def test_activities_today_are_not_an_arrival(reviewer):
    refresh_queues()
    assert queues.queues_record({"volunteers.activities_today": 3}) == []


def test_the_dashboard_records_what_it_counted(client_for, reviewer, rider):
    refresh_queues()
    TipFactory(author=rider)
    client_for(reviewer).get("/staff/")
    assert QueueCount.objects.get(code="venues.tips_pending").count == 1
    assert len(arrivals(reviewer)) == 1


def test_badges_come_from_the_recorded_counts_in_one_query(django_assert_num_queries, rider):
    ClaimFactory(rider=rider)
    refresh_queues()
    with django_assert_num_queries(1):
        badges = queues.badges()
    assert badges == {"points:review_queue": 1}


def test_a_queues_own_page_records_its_count_and_tells_of_new_work_once(client_for, reviewer, rider):
    refresh_queues()  # 0 recorded
    TipFactory(author=rider)

    staff = client_for(reviewer)
    staff.get("/staff/venues/tips/")
    staff.get("/staff/venues/tips/")

    assert QueueCount.objects.get(code="venues.tips_pending").count == 1
    assert len(arrivals(reviewer)) == 1
