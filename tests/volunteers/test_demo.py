"""The demo: the 帮帮龘 team, micro-grid and party members, activities upcoming and finished,
attendance paid through the points services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from friendlystreet.accounts.demo import rider_phone
from points.models import Account, Claim, LedgerEntry
from volunteers import selectors
from volunteers.models import Activity, GridAppointment, PartyDeclaration, Signup, TeamMembership

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "activities": Activity.objects.count(),
        "signups": Signup.objects.count(),
        "members": TeamMembership.objects.count(),
        "grid": GridAppointment.objects.count(),
        "party": PartyDeclaration.objects.count(),
        "claims": Claim.objects.filter(source=Claim.Source.ACTIVITY).count(),
        "ledger": LedgerEntry.objects.count(),
    }


def test_the_demo_has_the_team_grid_and_party_members(settings):
    settings.DEBUG = True
    call_command("seed_demo")

    members = TeamMembership.objects.filter(status=TeamMembership.Status.MEMBER)
    assert sorted(members.values_list("rider__phone", flat=True)) == [rider_phone(n) for n in range(1, 9)]
    assert all(m.joined_at is not None for m in members)
    grid = GridAppointment.objects.filter(ended_on__isnull=True)
    assert grid.count() == 5
    assert all(a.certificate_number.startswith("CLL-WGY-") for a in grid)
    party = PartyDeclaration.objects.all()
    assert party.count() == 2
    assert all(d.confirmed_at is not None and d.consented_at is not None for d in party)
    # The badges show what the rows say.
    badges = selectors.badges_by_user([d.rider_id for d in party])
    assert all(selectors.PARTY in found for found in badges.values())


def test_the_demo_has_upcoming_activities_one_nearly_full_and_one_with_a_waitlist(settings):
    settings.DEBUG = True
    call_command("seed_demo")

    upcoming = list(selectors.upcoming_activities())
    assert len(upcoming) == 3  # volunteers/demo.py UPCOMING
    assert any(selectors.places_left(a) == 1 for a in upcoming)
    full = [a for a in upcoming if selectors.places_left(a) == 0 and a.waitlist_length > 0]
    assert full
    assert full[0].registered_count == full[0].capacity
    # Sign-ups close the evening before, as an organiser would set it, not at 03:00.
    for activity in upcoming:
        deadline = timezone.localtime(activity.signup_deadline)
        assert (deadline.date(), deadline.hour) == (timezone.localdate(activity.starts_at) - timedelta(days=1), 20)


def test_finished_demo_activities_paid_their_attendance_once_through_claims(settings):
    settings.DEBUG = True
    call_command("seed_demo")

    finished = Activity.objects.filter(state=Activity.State.FINISHED)
    assert finished.count() == 3  # volunteers/demo.py PAST
    attended = Signup.objects.filter(activity__in=finished, attendance=Signup.Attendance.ATTENDED)
    assert attended.count() == 6 + 8 + 4  # who came to each
    assert Signup.objects.filter(activity__in=finished, attendance=Signup.Attendance.NO_SHOW).exists()
    for signup in attended:
        claim = Claim.objects.get(source=Claim.Source.ACTIVITY, source_ref=signup.claim_ref)
        assert claim.status == Claim.Status.APPROVED
        assert claim.rider_id == signup.rider_id
        assert claim.points > 0
        assert LedgerEntry.objects.filter(claim=claim, kind="earn").count() == 1
    # No-shows and the unrecorded are paid nothing.
    unpaid = Signup.objects.exclude(attendance=Signup.Attendance.ATTENDED)
    assert not Claim.objects.filter(source_ref__in=[s.claim_ref for s in unpaid]).exists()
    # Every balance is still its ledger.
    for account in Account.objects.filter(rider__phone__startswith="+86138000000"):
        assert account.balance == LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"]
    # The record of a team member sums what was paid.
    record = selectors.volunteer_record(finished.first().signups.filter(attendance="attended").first().rider)
    assert record.hours > 0
    assert record.points > 0
    assert record.team_joined_at is not None


def test_a_second_seed_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    before = counts()
    call_command("seed_demo", "--force")
    assert counts() == before
