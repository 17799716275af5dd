"""The volunteer record: every figure is computed from attendance, the activity claims and the
appointments, and matches what a person adds up by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from points import services as points_services
from points.models import Claim, Rule
from tests.points.factories import RuleFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory, under_way
from volunteers import selectors, services
from volunteers.models import Activity, Signup, TeamMembership

pytestmark = pytest.mark.django_db


def activity_of(hours: float, *, days: int, rule: Rule | None = None) -> Activity:
    """An activity held in the past (attendance is recorded once it is under way), `days` into
    the last three weeks: a larger `days` is later."""
    starts_at = timezone.now() - timedelta(days=21 - days)
    extra = {"rule": rule} if rule is not None else {}
    return ActivityFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), **extra)


def attend(staff, rider, activity, *, came: bool = True) -> None:
    signup = SignupFactory(rider=rider, activity=activity)  # signed up before the deadline
    with under_way(activity):
        services.attendance_record(actor=staff, signup=signup, attended=came)


def test_the_record_adds_up_hours_and_activity_points_by_hand(rider, other_rider, reviewer, street_admin):
    hourly = RuleFactory(points=10, unit=Rule.Unit.HOUR, rider_claimable=False)
    per_visit = RuleFactory(points=12, rider_claimable=False)
    cleanup = activity_of(2, days=3, rule=per_visit)  # 2 h, 12 points
    patrol = activity_of(1.5, days=5, rule=hourly)  # 1.5 h, 15 points
    visit = activity_of(3, days=7, rule=hourly)  # a no-show: nothing
    talk = activity_of(1, days=9, rule=per_visit)  # signed up, then cancelled: nothing
    for activity in (cleanup, patrol):
        attend(reviewer, rider, activity)
    attend(reviewer, rider, visit, came=False)
    SignupFactory(rider=rider, activity=talk, status=Signup.Status.CANCELLED)
    attend(reviewer, other_rider, talk)  # someone else's points
    # Points from elsewhere are not volunteering: a report, a staff correction.
    points_services.claim_create_from_source(
        rider=rider,
        rule=RuleFactory(points=20, rider_claimable=False),
        source=Claim.Source.REPORT,
        source_ref="report-1",
        occurred_at=timezone.now(),
    )
    points_services.balance_adjust(actor=street_admin, rider=rider, amount=7, reason="补发")

    record = selectors.volunteer_record(rider)

    assert [a.pk for a in record.attended] == [cleanup.pk, patrol.pk]
    assert record.hours == Decimal("3.5")
    assert record.points == 12 + 15
    assert record.code == selectors.profile_of(rider).record_code
    assert len(record.code) == 10


def test_the_record_shows_the_team_joined_date_and_the_current_appointment(rider, street_admin):
    membership = services.team_request(rider=rider)
    services.team_decide(actor=street_admin, membership=membership, accept=True)
    joined_at = TeamMembership.objects.get(rider=rider).joined_at
    old = services.grid_appoint(
        actor=street_admin, rider=rider, area="驿都社区第1微网格", appointed_on=date(2026, 1, 5), certificate_number="CLL-WGY-T1"
    )
    services.grid_end(actor=street_admin, appointment=old, ended_on=date(2026, 6, 30))
    current = services.grid_appoint(
        actor=street_admin, rider=rider, area="成龙社区第5微网格", appointed_on=date(2026, 7, 1), certificate_number="CLL-WGY-T2"
    )

    record = selectors.volunteer_record(rider)

    assert record.team_joined_at == joined_at
    assert record.grid == current
    assert record.grid.certificate_number == "CLL-WGY-T2"
    assert record.grid_history == [current, old]
    assert (record.attended, record.hours, record.points) == ([], Decimal("0"), 0)


def test_a_rider_who_left_the_team_has_no_team_date_and_an_ended_appointment_is_not_current(rider, street_admin):
    services.team_decide(actor=street_admin, membership=services.team_request(rider=rider), accept=True)
    services.team_leave(rider=rider)
    appointment = services.grid_appoint(
        actor=street_admin, rider=rider, area="大观社区第2微网格", appointed_on=date(2026, 3, 1), certificate_number="CLL-WGY-T3"
    )
    services.grid_end(actor=street_admin, appointment=appointment)

    record = selectors.volunteer_record(rider)

    assert record.team_joined_at is None
    assert record.grid is None
    assert [a.pk for a in record.grid_history] == [appointment.pk]


def test_the_record_is_found_by_its_code_and_a_wrong_code_finds_nothing(rider, reviewer):
    attend(reviewer, rider, activity_of(2, days=3))
    code = selectors.profile_of(rider).record_code

    found = selectors.record_by_code(f" {code.lower()} ")

    assert found is not None
    assert found.rider == rider
    assert (found.hours, found.points) == (Decimal("2.0"), selectors.volunteer_record(rider).points)
    assert selectors.record_by_code("ZZZZZZZZZZ") is None
    rider.is_active = False
    rider.save(update_fields=["is_active"])
    assert selectors.record_by_code(code) is None
