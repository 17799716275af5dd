"""A rider signs up for an activity: a place while there is one, else the waitlist, which moves
up by itself when someone cancels or staff add places."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.accounts.models import Verification
from friendlystreet.notifications.models import Notification
from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import errors, selectors, services
from volunteers.models import Activity, Signup, TeamMembership

pytestmark = pytest.mark.django_db


def notified(rider, kind: str) -> int:
    return Notification.objects.filter(recipient=rider, kind=kind).count()


def fill(activity, n: int) -> list:
    riders = RiderFactory.create_batch(n)
    for r in riders:
        services.signup_create(rider=r, activity=activity)
    return riders


def test_a_rider_gets_a_place_and_is_told_so(rider, activity):
    result = services.signup_create(rider=rider, activity=activity)

    assert result.signup.status == Signup.Status.REGISTERED
    assert result.position is None
    assert result.overlaps == []
    assert notified(rider, "volunteers_signup_registered") == 1
    assert selectors.signup_of(rider, activity) == result.signup


def test_beyond_capacity_riders_join_the_waitlist_in_order(rider, other_rider):
    activity = ActivityFactory(capacity=2)
    fill(activity, 2)

    first = services.signup_create(rider=rider, activity=activity)
    second = services.signup_create(rider=other_rider, activity=activity)

    assert (first.signup.status, first.position) == (Signup.Status.WAITLISTED, 1)
    assert (second.signup.status, second.position) == (Signup.Status.WAITLISTED, 2)
    notification = Notification.objects.get(recipient=other_rider, kind="volunteers_signup_waitlisted")
    assert notification.context["position"] == 2
    places = selectors.activity_with_places(activity.pk)
    assert (places.registered_count, places.waitlist_length, selectors.places_left(places)) == (2, 2, 0)


def test_the_roster_lists_the_registered_then_the_waitlist_in_order(rider, other_rider):
    activity = ActivityFactory(capacity=1)
    services.signup_create(rider=rider, activity=activity)
    late = fill(activity, 2)

    roster = selectors.roster(activity)

    assert [s.rider for s in roster] == [rider, *late]
    assert [s.status for s in roster] == ["registered", "waitlisted", "waitlisted"]


def test_an_unverified_rider_cannot_sign_up(activity):
    newcomer = RiderFactory(verification=Verification.UNVERIFIED)
    with pytest.raises(errors.NotVerified):
        services.signup_create(rider=newcomer, activity=activity)
    assert not Signup.objects.exists()


@pytest.mark.parametrize("state", [Activity.State.DRAFT, Activity.State.FINISHED, Activity.State.CANCELLED])
def test_a_rider_cannot_sign_up_for_an_activity_that_is_not_published(rider, state):
    activity = ActivityFactory(state=state)
    with pytest.raises(errors.NotPublished) as refused:
        services.signup_create(rider=rider, activity=activity)
    assert refused.value.code == "not_published"
    assert not Signup.objects.exists()


def test_a_rider_cannot_sign_up_after_the_deadline(rider):
    starts = timezone.now() + timedelta(hours=2)
    activity = ActivityFactory(starts_at=starts, signup_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(errors.DeadlinePassed):
        services.signup_create(rider=rider, activity=activity)
    assert not Signup.objects.exists()


def test_only_team_members_may_join_a_team_activity(rider, other_rider, street_admin):
    activity = ActivityFactory(team_only=True)
    with pytest.raises(errors.TeamOnly):
        services.signup_create(rider=rider, activity=activity)

    membership = services.team_request(rider=rider)
    with pytest.raises(errors.TeamOnly):  # a request is not membership yet
        services.signup_create(rider=rider, activity=activity)
    services.team_decide(actor=street_admin, membership=membership, accept=True)

    assert services.signup_create(rider=rider, activity=activity).signup.status == "registered"
    assert TeamMembership.objects.get(rider=rider).status == "member"


def test_a_rider_cannot_sign_up_twice(rider, activity):
    services.signup_create(rider=rider, activity=activity)
    with pytest.raises(errors.AlreadySignedUp) as refused:
        services.signup_create(rider=rider, activity=activity)
    assert refused.value.code == "already_signed_up"
    assert Signup.objects.filter(rider=rider).count() == 1
    assert notified(rider, "volunteers_signup_registered") == 1


def test_a_waitlisted_rider_cannot_sign_up_again_either(rider):
    activity = ActivityFactory(capacity=1)
    fill(activity, 1)
    services.signup_create(rider=rider, activity=activity)
    with pytest.raises(errors.AlreadySignedUp):
        services.signup_create(rider=rider, activity=activity)


def test_a_cancellation_promotes_the_first_on_the_waitlist_and_tells_them_once(rider, other_rider):
    activity = ActivityFactory(capacity=2)
    holder, _second = fill(activity, 2)
    services.signup_create(rider=rider, activity=activity)
    services.signup_create(rider=other_rider, activity=activity)

    services.signup_cancel(rider=holder, activity=activity)

    assert Signup.objects.get(activity=activity, rider=holder).status == "cancelled"
    assert Signup.objects.get(activity=activity, rider=rider).status == "registered"
    still_waiting = Signup.objects.get(activity=activity, rider=other_rider)
    assert (still_waiting.status, selectors.waitlist_position(still_waiting)) == ("waitlisted", 1)
    assert notified(rider, "volunteers_waitlist_promoted") == 1
    assert notified(other_rider, "volunteers_waitlist_promoted") == 0
    # A waitlisted rider who cancels frees no place: nobody else moves.
    services.signup_cancel(rider=other_rider, activity=activity)
    assert notified(rider, "volunteers_waitlist_promoted") == 1
    assert selectors.activity_with_places(activity.pk).registered_count == 2


def test_signing_up_again_after_cancelling_goes_to_the_end_of_the_queue(rider, other_rider):
    activity = ActivityFactory(capacity=1)
    fill(activity, 1)
    services.signup_create(rider=rider, activity=activity)
    services.signup_create(rider=other_rider, activity=activity)

    services.signup_cancel(rider=rider, activity=activity)
    again = services.signup_create(rider=rider, activity=activity)

    assert again.signup.pk == Signup.objects.get(activity=activity, rider=rider).pk  # the same row
    assert (again.signup.status, again.position) == ("waitlisted", 2)
    assert selectors.waitlist_position(Signup.objects.get(activity=activity, rider=other_rider)) == 1


def test_a_rider_who_never_signed_up_cannot_cancel(rider, activity):
    with pytest.raises(errors.NotSignedUp):
        services.signup_cancel(rider=rider, activity=activity)


def test_a_rider_can_cancel_after_the_deadline_until_the_start(rider, activity):
    # The cut-off was the deadline; the design's waitlist moves up whenever someone cancels.
    services.signup_create(rider=rider, activity=activity)
    Activity.objects.filter(pk=activity.pk).update(signup_deadline=timezone.now() - timedelta(minutes=1))
    services.signup_cancel(rider=rider, activity=activity)
    assert Signup.objects.get(rider=rider).status == "cancelled"


def test_a_rider_cannot_cancel_once_the_activity_has_started(rider, activity):
    services.signup_create(rider=rider, activity=activity)
    Activity.objects.filter(pk=activity.pk).update(
        signup_deadline=timezone.now() - timedelta(minutes=20), starts_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(errors.DeadlinePassed):
        services.signup_cancel(rider=rider, activity=activity)
    assert Signup.objects.get(rider=rider).status == "registered"


def test_more_places_move_the_waitlist_up(rider, other_rider, reviewer):
    activity = ActivityFactory(capacity=1)
    fill(activity, 1)
    services.signup_create(rider=rider, activity=activity)
    services.signup_create(rider=other_rider, activity=activity)

    services.activity_update(actor=reviewer, activity=activity, capacity=2)

    assert Signup.objects.get(activity=activity, rider=rider).status == "registered"
    assert Signup.objects.get(activity=activity, rider=other_rider).status == "waitlisted"
    assert notified(rider, "volunteers_waitlist_promoted") == 1
    assert notified(other_rider, "volunteers_waitlist_promoted") == 0

    services.activity_update(actor=reviewer, activity=activity, capacity=5)
    assert Signup.objects.get(activity=activity, rider=other_rider).status == "registered"
    assert notified(rider, "volunteers_waitlist_promoted") == 1  # not again


def test_an_overlapping_activity_is_a_warning_not_a_refusal(rider):
    morning = ActivityFactory(title="文明劝导")
    overlapping = ActivityFactory(title="消防通道巡查", starts_at=morning.starts_at + timedelta(hours=1))
    later = ActivityFactory(title="看望社区老人", starts_at=morning.ends_at)
    services.signup_create(rider=rider, activity=morning)

    result = services.signup_create(rider=rider, activity=overlapping)

    assert result.signup.status == "registered"
    assert result.overlaps == [morning]
    assert services.signup_create(rider=rider, activity=later).overlaps == [overlapping]  # touches morning's end only


def test_a_cancelled_signup_is_no_overlap(rider):
    morning = ActivityFactory()
    services.signup_create(rider=rider, activity=morning)
    services.signup_cancel(rider=rider, activity=morning)
    same_time = ActivityFactory(starts_at=morning.starts_at)
    assert services.signup_create(rider=rider, activity=same_time).overlaps == []


def test_cancelling_an_activity_tells_everyone_signed_up(rider, other_rider, reviewer):
    activity = ActivityFactory(capacity=1)
    services.signup_create(rider=rider, activity=activity)
    services.signup_create(rider=other_rider, activity=activity)  # waitlisted
    gone = RiderFactory()
    SignupFactory(activity=activity, rider=gone, status=Signup.Status.CANCELLED)

    services.activity_cancel(actor=reviewer, activity=activity, reason="暴雨预警")

    activity.refresh_from_db()
    assert activity.state == Activity.State.CANCELLED
    for person in (rider, other_rider):
        notification = Notification.objects.get(recipient=person, kind="volunteers_activity_cancelled")
        assert "暴雨预警" in notification.body
    assert notified(gone, "volunteers_activity_cancelled") == 0
    with pytest.raises(errors.NotPublished):
        services.signup_create(rider=RiderFactory(), activity=activity)


def test_a_rider_cannot_run_activities(rider, activity):
    with pytest.raises(errors.NotAllowed):
        services.activity_update(actor=rider, activity=activity, capacity=50)
    with pytest.raises(errors.NotAllowed):
        services.activity_cancel(actor=rider, activity=activity)
    activity.refresh_from_db()
    assert (activity.capacity, activity.state) == (10, Activity.State.PUBLISHED)
