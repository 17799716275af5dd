"""The volunteer service record certifies only activities that have ended. Check-in opens an
hour before the start, so a rider checked in at 05:46 for an activity of 06:17–08:17 read, on
their record and on the public /verify/ page, 2 hours of service not yet done. One rule
(selectors.counted_attendance) for the rider's page, the public check, the API and the staff's
list of team members: an activity counts once its end has passed, or once staff finished it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ReviewerFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory, started, under_way
from volunteers import services
from volunteers.models import TeamMembership
from volunteers.selectors import profile_of, team_members

pytestmark = pytest.mark.django_db


def facts(html: str) -> dict[str, str]:
    found = {}
    for key in ("record-count", "record-hours"):
        start = html.index(f'data-testid="{key}">') + len(f'data-testid="{key}">')
        found[key] = html[start : html.index("</dd>", start)].strip()
    return found


def titles(html: str) -> list[str]:
    return [row.split("<td>")[2].split("</td>")[0] for row in html.split('data-testid="record-activity">')[1:]]


@pytest.fixture
def checked_in_early(rider):
    """A rider who served 1.5 hours last week, and checked in (by their code) at an activity of
    2 hours that starts in half an hour: check-in is open."""
    staff = ReviewerFactory()
    week_ago = timezone.now() - timedelta(days=7)
    past = ActivityFactory(
        title="敬老院探访",
        starts_at=week_ago,
        ends_at=week_ago + timedelta(hours=1.5),
        signup_deadline=week_ago - timedelta(days=1),
    )
    with under_way(past):
        services.attendance_record(actor=staff, signup=SignupFactory(activity=past, rider=rider), attended=True)
    today = ActivityFactory(title="探访独居老人（今日）")
    signup = services.signup_create(rider=rider, activity=today).signup
    services.checkin(actor=staff, activity=today, token=services.checkin_token(signup))
    return today


def everywhere(client_for, api_for, rider) -> list[tuple]:
    """What the rider's page, the public check and the API certify: (titles, count, hours)."""
    page = client_for(rider).get(reverse("volunteers:record")).content.decode()
    public = client_for(None).get(reverse("volunteers:verify", args=[profile_of(rider).record_code])).content.decode()
    api = api_for(rider).get("/api/v1/me/volunteer-record/").json()
    return [
        (titles(page), facts(page)),
        (titles(public), facts(public)),
        ([a["title"] for a in api["activities"]], api["hours"]),
    ]


def test_an_activity_checked_in_before_it_began_is_not_certified(client_for, api_for, rider, checked_in_early):
    assert everywhere(client_for, api_for, rider) == [
        (["敬老院探访"], {"record-count": "1", "record-hours": "1.5"}),
        (["敬老院探访"], {"record-count": "1", "record-hours": "1.5"}),
        (["敬老院探访"], "1.5"),
    ]


def test_it_is_certified_once_it_has_ended(client_for, api_for, rider, checked_in_early):
    started(checked_in_early, ago=timedelta(hours=2, minutes=1))  # ended a minute ago

    both = ["敬老院探访", "探访独居老人（今日）"]
    assert everywhere(client_for, api_for, rider) == [
        (both, {"record-count": "2", "record-hours": "3.5"}),
        (both, {"record-count": "2", "record-hours": "3.5"}),
        (both, "3.5"),
    ]


def test_it_is_certified_once_staff_finished_it(client_for, api_for, rider, checked_in_early):
    # An hour into its planned 2: finished early, it ended then, and its hour counts (not the 2
    # planned: tests/volunteers/test_finished_early_counts_hours_run.py).
    started(checked_in_early, ago=timedelta(hours=1))
    services.activity_finish(actor=ReviewerFactory(), activity=checked_in_early)

    assert everywhere(client_for, api_for, rider)[1] == (
        ["敬老院探访", "探访独居老人（今日）"],
        {"record-count": "2", "record-hours": "2.5"},
    )


def test_the_staff_list_of_members_counts_the_same(rider, checked_in_early):
    now = timezone.now()
    TeamMembership.objects.create(rider=rider, status=TeamMembership.Status.MEMBER, requested_at=now, joined_at=now)

    assert [m.attended for m in team_members()] == [1]
