"""Riders whose account was deleted before deletion gave up their commitments (91bf83c) still held
them on an existing deployment. volunteers 0013 and points 0016 give them up as deletion does now:
their places and waitlist spots at activities still to come are cancelled and the first real
rider waiting moves up, their team membership and micro-grid appointment end, their pending
claims are withdrawn. An account staff merely closed keeps everything; past sign-ups stay."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from friendlystreet.days import local_today
from points.models import Claim
from tests.migrations import migrate_forward, state_before
from volunteers.models import GridAppointment, Signup, TeamMembership

VOLUNTEERS = ("volunteers", "0012_report_answered_by_an_update"), ("volunteers", "0013_deleted_riders_give_up_places")
POINTS = ("points", "0015_reward_english_titles"), ("points", "0016_deleted_riders_claims_withdrawn")


@pytest.mark.django_db(transaction=True)
def test_riders_deleted_before_give_up_their_places_team_and_claims():
    old = state_before(VOLUNTEERS[0], POINTS[0], now=("accounts", "privacy", "audit"))
    User = old.get_model("accounts", "User")
    DeletionRequest = old.get_model("privacy", "DeletionRequest")
    Category = old.get_model("points", "Category")
    Rule = old.get_model("points", "Rule")
    OldClaim = old.get_model("points", "Claim")
    Activity = old.get_model("volunteers", "Activity")
    OldSignup = old.get_model("volunteers", "Signup")
    Membership = old.get_model("volunteers", "TeamMembership")
    Appointment = old.get_model("volunteers", "GridAppointment")

    now = timezone.now()

    def deleted(pk_hint: str):
        """Anonymised before 91bf83c: inactive, its deletion carried out, its places kept."""
        user = User.objects.create(username=pk_hint, is_active=False)
        User.objects.filter(pk=user.pk).update(username=f"deleted-{user.pk}")
        DeletionRequest.objects.create(rider=user, requested_at=now - timedelta(days=8), scheduled_for=now, done_at=now)
        return user

    ghost, earlier_ghost = deleted("ghost"), deleted("earlier_ghost")
    closed = User.objects.create(username="closed_by_staff", is_active=False)  # no deletion: keeps all
    waiting_first, waiting_second = User.objects.create(username="waiting_first"), User.objects.create(username="waiting_second")
    member, not_member = User.objects.create(username="member"), User.objects.create(username="not_member")
    Membership.objects.create(rider=member, status="member", requested_at=now - timedelta(days=30))
    Membership.objects.create(rider=ghost, status="member", requested_at=now - timedelta(days=30))
    Membership.objects.create(rider=earlier_ghost, status="requested", requested_at=now - timedelta(days=3))
    Appointment.objects.create(rider=ghost, appointed_on=local_today() - timedelta(days=100))

    category = Category.objects.create(code="volunteering", name="志愿服务")
    rule = Rule.objects.create(code="activity-hour", category=category, name="志愿活动", points=10)

    def activity(title: str, *, capacity: int, days: int, team_only: bool = False):
        starts = now + timedelta(days=days)
        return Activity.objects.create(
            title=title,
            category="elderly_care",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            signup_deadline=starts - timedelta(hours=1),
            capacity=capacity,
            rule=rule,
            team_only=team_only,
            state="published",
        )

    def signup(activity, rider, status: str, minutes: int, **fields):
        return OldSignup.objects.create(
            activity=activity, rider=rider, status=status, queued_at=now - timedelta(minutes=minutes), **fields
        ).pk

    # 看望独居老人: 1 place, the deleted rider's; waiting before the real riders, an earlier
    # deleted rider and an account staff closed, who are passed over.
    visit = activity("看望静康社区独居老人", capacity=1, days=3)
    ghost_place = signup(visit, ghost, "registered", 60)
    ghost_waiting = signup(visit, earlier_ghost, "waitlisted", 50)
    closed_waiting = signup(visit, closed, "waitlisted", 40)
    first = signup(visit, waiting_first, "waitlisted", 30)
    second = signup(visit, waiting_second, "waitlisted", 20)
    # A team-only patrol: the place goes to the team member, not to the rider outside the team.
    patrol = activity("帮帮龘夜间巡逻", capacity=1, days=5, team_only=True)
    ghost_patrol = signup(patrol, ghost, "registered", 60)
    outsider = signup(patrol, not_member, "waitlisted", 30)
    member_waiting = signup(patrol, member, "waitlisted", 20)
    # History stays: a past activity the deleted rider attended, and a place the closed account holds.
    past = activity("跃进路清扫", capacity=5, days=-10)
    ghost_past = signup(past, ghost, "registered", 60 * 24 * 12, attendance="attended")
    cleanup = activity("成龙大道捡拾垃圾", capacity=5, days=4)
    closed_place = signup(cleanup, closed, "registered", 60)

    def claim(rider, status: str = "pending", source: str = "rider", **decision):
        return OldClaim.objects.create(rider=rider, rule=rule, occurred_at=now, status=status, source=source, **decision).pk

    ghost_claim, ghost_approved = claim(ghost), claim(ghost, "approved", points=10, decided_at=now)
    ghost_attendance_claim = claim(ghost, source="activity")
    closed_claim = claim(closed)

    migrate_forward(VOLUNTEERS[1], POINTS[1])

    statuses = dict(Signup.objects.values_list("pk", "status"))
    assert statuses[ghost_place] == "cancelled"
    assert statuses[ghost_waiting] == "cancelled"
    assert (statuses[closed_waiting], statuses[first], statuses[second]) == ("waitlisted", "registered", "waitlisted")
    assert (statuses[ghost_patrol], statuses[outsider], statuses[member_waiting]) == ("cancelled", "waitlisted", "registered")
    assert (statuses[ghost_past], statuses[closed_place]) == ("registered", "registered")
    cancelled = Signup.objects.filter(pk__in=[ghost_place, ghost_waiting, ghost_patrol])
    assert all(later >= now for later in cancelled.values_list("cancelled_at", flat=True))
    assert Signup.objects.get(pk=closed_place).cancelled_at is None
    promoted = AuditEntry.objects.filter(action="volunteers.waitlist_promoted").values_list("target_id", flat=True)
    assert sorted(promoted) == sorted([str(first), str(member_waiting)])
    because = AuditEntry.objects.filter(action="volunteers.signup_cancelled").values_list("target_id", "data__because")
    assert sorted(because) == sorted((str(pk), "account_deleted") for pk in (ghost_place, ghost_waiting, ghost_patrol))

    assert dict(TeamMembership.objects.values_list("rider_id", "status")) == {
        member.pk: "member",
        ghost.pk: "left",
        earlier_ghost.pk: "left",
    }
    assert GridAppointment.objects.get(rider_id=ghost.pk).ended_on == local_today()

    claims = dict(Claim.objects.values_list("pk", "status"))
    assert claims == {
        ghost_claim: "withdrawn",
        ghost_approved: "approved",
        ghost_attendance_claim: "pending",  # anonymise withdraws only what the rider submitted
        closed_claim: "pending",
    }
    assert Claim.objects.get(pk=ghost_claim).decided_at >= now
    assert AuditEntry.objects.get(action="points.claim_withdrawn").target_id == str(ghost_claim)

    # Again (as a second deploy would if it ran): nothing more changes.
    before = (statuses, claims, AuditEntry.objects.count())
    state = MigrationExecutor(connection).loader.project_state()
    with transaction.atomic():  # as a migration runs
        import_module("volunteers.migrations.0013_deleted_riders_give_up_places").give_up_places(state.apps, None)
        import_module("points.migrations.0016_deleted_riders_claims_withdrawn").withdraw_claims_of_deleted_riders(
            state.apps, None
        )
    after = (dict(Signup.objects.values_list("pk", "status")), dict(Claim.objects.values_list("pk", "status")))
    assert (*after, AuditEntry.objects.count()) == before
