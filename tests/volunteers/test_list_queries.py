"""The lists of activities and reports that had no pinned query count: each costs the same
queries for a few rows as for many (zulip's discipline), and the pin says which they are, so a
query per row, or a new one, shows up here with the reason to give."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import RiderFactory
from tests.venues.factories import CommunityFactory, VenueFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.models import Activity, GridAppointment, MeToo, Report, ReportUpdate, Signup

pytestmark = pytest.mark.django_db

HERE = (30.6, 104.1)


def a_report(reporter, **fields) -> Report:
    values = {"category": "sanitation", "description": "消防通道旁堆满了装修垃圾", "address": "成龙路168号"} | fields
    report = Report.objects.create(reporter=reporter, **values)
    ReportUpdate.objects.create(report=report, status=Report.Status.SUBMITTED, author=reporter)
    return report


def rows_of_every_kind(n: int, *, rider) -> list[Report]:
    """n activities at a venue with a sign-up of the rider's, and n open reports by riders who
    are micro-grid members, nearby, each with a community and a "me too"."""
    reports = []
    for _ in range(n):
        SignupFactory(activity=ActivityFactory(venue=VenueFactory()), rider=rider)
        reporter = RiderFactory()
        GridAppointment.objects.create(
            rider=reporter, area="成龙路第3网格", appointed_on="2026-01-05", certificate_number=f"Q-{reporter.pk}"
        )
        report = a_report(reporter, lat=HERE[0], lng=HERE[1], community=CommunityFactory())
        MeToo.objects.create(report=report, rider=RiderFactory())
        reports.append(report)
    return reports


@pytest.mark.parametrize("rows", [1, 12])
def test_the_staff_list_of_activities(client_for, reviewer, rider, rows, django_assert_num_queries):
    rows_of_every_kind(rows, rider=rider)
    # Starting now, so ?when=today lists them at any hour (the factory's "in 30 minutes" is
    # tomorrow after 23:30 in Asia/Shanghai, and that list was then empty: one query fewer).
    Activity.objects.update(starts_at=timezone.now())
    client = client_for(reviewer)
    client.get("/staff/activities/")  # the session, into the cache

    for url in ("/staff/activities/", "/staff/activities/?when=today"):
        # the user, their permissions, the count and the page of activities with their venues,
        # rules and places, then the top bar's unread notices, the queues' badges and the
        # dashboard's count of today's activities
        with django_assert_num_queries(7):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [1, 10])
def test_is_this_the_same_problem(client_for, api_for, rider, rows, django_assert_num_queries):
    rows_of_every_kind(rows, rider=RiderFactory())
    query = {"category": "sanitation", "lat": HERE[0], "lng": HERE[1]}
    page, api = client_for(rider), api_for(rider)
    page.get(reverse("volunteers:report_nearby"), query)
    api.get("/api/v1/reports/nearby/", query)

    # the user, their permissions, the reports nearby with their me-too counts, and which of
    # them the rider already counted on (the form's fragment offers "me too" on the others)
    with django_assert_num_queries(4):
        html = page.get(reverse("volunteers:report_nearby"), query).content.decode()
    with django_assert_num_queries(3):  # the API marks the rider's own only: no me-too query
        found = api.get("/api/v1/reports/nearby/", query).json()
    assert html.count('data-testid="nearby"') == len(found) == rows


@pytest.mark.parametrize("rows", [2, 10])
def test_the_question_before_a_bulk_duplicate(client_for, reviewer, rider, rows, django_assert_num_queries):
    ticked = rows_of_every_kind(rows, rider=rider)
    original = a_report(RiderFactory())
    client = client_for(reviewer)
    data = {"ids": [r.pk for r in ticked], "duplicate_of": original.pk}
    client.get("/staff/reports/")

    # the user, their permissions, the ticked reports with their reporters and communities,
    # the original, the three badge sources of the reporters (team, micro-grid, party), the top
    # bar's unread notices and the queues' badges
    with django_assert_num_queries(9):
        response = client.post(reverse("volunteers:staff_report_bulk_duplicate"), data)
    assert response.content.decode().count('data-testid="closing-report"') == rows


@pytest.mark.parametrize("attended", [1, 8])
def test_the_volunteer_record(client_for, api_for, rider, attended, django_assert_num_queries):
    for _ in range(attended):
        # the record counts an activity once it has ended
        ended = ActivityFactory(venue=VenueFactory(), starts_at=timezone.now() - timedelta(hours=3))
        SignupFactory(activity=ended, rider=rider, attendance=Signup.Attendance.ATTENDED)
        # and as many checked in at activities not yet ended: read in the same query
        SignupFactory(activity=ActivityFactory(venue=VenueFactory()), rider=rider, attendance=Signup.Attendance.ATTENDED)
    page, api = client_for(rider), api_for(rider)
    page.get(reverse("volunteers:record"))
    api.get("/api/v1/me/volunteer-record/")

    # the user, their permissions, the record code, the attended sign-ups with their activities
    # and venues (the ended and the pending), the points they paid, the team membership and the
    # micro-grid appointments; the page adds the three badge sources and the top bar's unread notices
    with django_assert_num_queries(7):
        record = api.get("/api/v1/me/volunteer-record/").json()
    assert (len(record["activities"]), len(record["pending_check_ins"])) == (attended, attended)
    with django_assert_num_queries(11):
        assert page.get(reverse("volunteers:record")).content.decode().count('data-testid="record-activity"') == attended
