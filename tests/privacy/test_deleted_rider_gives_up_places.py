"""A rider's account is deleted (anonymised): what they can no longer do ends, while their
history stays. Their place at an activity still to come goes to the first real rider waiting,
who is told; a deleted rider on a waitlist is never moved up; their team membership and
micro-grid appointment end, their pending claims leave the reviewers' queue. Past and attended
sign-ups stay. The deletion page says beforehand how many places and waitlist spots they give up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from friendlystreet.accounts.models import User
from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from friendlystreet.privacy import services
from points.models import Claim
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import services as volunteers
from volunteers.models import GridAppointment, Signup, TeamMembership

pytestmark = pytest.mark.django_db


def anonymise(rider, street_admin) -> None:
    services.rider_anonymise(actor=street_admin, rider=rider, reason="本人到窗口申请")


def status(rider, activity) -> str:
    return Signup.objects.get(rider=rider, activity=activity).status


@pytest.fixture
def full_visit():
    """看望静康社区独居老人: 2 places, both taken, 2 riders waiting."""
    activity = ActivityFactory(title="看望静康社区独居老人", capacity=2)
    riders = RiderFactory.create_batch(4)
    for r in riders:
        volunteers.signup_create(rider=r, activity=activity)
    return activity, riders


def test_a_deleted_riders_place_goes_to_the_first_rider_waiting(full_visit, street_admin):
    activity, (leaving, staying, first_waiting, second_waiting) = full_visit

    anonymise(leaving, street_admin)

    assert status(leaving, activity) == Signup.Status.CANCELLED
    assert Signup.objects.get(rider=leaving, activity=activity).cancelled_at is not None
    assert status(first_waiting, activity) == Signup.Status.REGISTERED
    assert status(second_waiting, activity) == Signup.Status.WAITLISTED
    assert Notification.objects.filter(recipient=first_waiting, kind="volunteers_waitlist_promoted").exists()
    entry = AuditEntry.objects.get(action="volunteers.signup_cancelled")
    assert entry.data["because"] == "account_deleted"


def test_a_deleted_rider_on_the_waitlist_is_never_moved_up(full_visit, street_admin):
    activity, (_leaving, staying, first_waiting, second_waiting) = full_visit
    anonymise(first_waiting, street_admin)
    assert status(first_waiting, activity) == Signup.Status.CANCELLED

    volunteers.signup_cancel(rider=staying, activity=activity)

    assert status(second_waiting, activity) == Signup.Status.REGISTERED


def test_a_ghost_left_waiting_from_before_is_passed_over(street_admin):
    """A rider deleted before deletion gave places up still waits: the place goes past them."""
    activity = ActivityFactory(capacity=1)
    holder, ghost, real = RiderFactory.create_batch(3)
    for r in (holder, ghost, real):
        volunteers.signup_create(rider=r, activity=activity)
    User.objects.filter(pk=ghost.pk).update(is_active=False, username=f"deleted-{ghost.pk}")

    volunteers.signup_cancel(rider=holder, activity=activity)

    assert status(real, activity) == Signup.Status.REGISTERED
    assert status(ghost, activity) == Signup.Status.WAITLISTED


def test_history_stays_past_and_attended_sign_ups(rider, street_admin):
    past = ActivityFactory(starts_at=timezone.now() - timedelta(days=3))
    SignupFactory(rider=rider, activity=past, attendance=Signup.Attendance.ATTENDED)
    missed = ActivityFactory(starts_at=timezone.now() - timedelta(days=2))
    SignupFactory(rider=rider, activity=missed, status=Signup.Status.WAITLISTED)

    anonymise(rider, street_admin)

    assert status(rider, past) == Signup.Status.REGISTERED
    assert status(rider, missed) == Signup.Status.WAITLISTED


def test_the_team_membership_and_the_grid_appointment_end(rider, street_admin):
    volunteers.team_decide(actor=street_admin, membership=volunteers.team_request(rider=rider), accept=True)
    volunteers.grid_appoint(
        actor=street_admin,
        rider=rider,
        area="静康社区",
        appointed_on=timezone.localdate(),
        certificate_number="CLL-WGY-2026-001",
    )

    anonymise(rider, street_admin)

    assert TeamMembership.objects.get(rider=rider).status == TeamMembership.Status.LEFT
    assert GridAppointment.objects.get(rider=rider).ended_on == timezone.localdate()


def test_pending_claims_leave_the_review_queue_decided_ones_stay(rider, reviewer, street_admin):
    pending = ClaimFactory(rider=rider)
    rejected = ClaimFactory(rider=rider, status=Claim.Status.REJECTED, reason="照片看不清", decided_at=timezone.now())

    anonymise(rider, street_admin)

    pending.refresh_from_db()
    rejected.refresh_from_db()
    assert pending.status == Claim.Status.WITHDRAWN
    assert rejected.status == Claim.Status.REJECTED
    assert not Claim.objects.filter(rider__is_active=False, status=Claim.Status.PENDING).exists()


@pytest.mark.parametrize(
    "language, sentence",
    [
        ("en", "You have 2 places at activities still to come and 1 waitlist spot now."),
        ("zh-hans", "您现在有 2 个尚未开始的活动名额、1 个候补位置。"),
    ],
)
def test_the_deletion_page_says_the_places_given_up(rider, client_for, language, sentence):
    for _ in range(2):
        SignupFactory(rider=rider, activity=ActivityFactory())
    SignupFactory(rider=rider, activity=ActivityFactory(), status=Signup.Status.WAITLISTED)
    SignupFactory(rider=rider, activity=ActivityFactory(starts_at=timezone.now() - timedelta(days=1)))

    page = client_for(rider).get(reverse("privacy:delete"), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert sentence in page
