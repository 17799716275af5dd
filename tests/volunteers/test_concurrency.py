"""At the same moment, on PostgreSQL with separate connections: 30 riders racing for 10
places, a double-tapped cancellation that frees one place, two staff scanning one rider."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import Sum

from friendlystreet.notifications.models import Notification
from points.models import Account, Claim, LedgerEntry
from tests.concurrency import race
from tests.factories import ReviewerFactory, RiderFactory, StreetAdminFactory
from tests.points.factories import RuleFactory
from tests.volunteers.factories import ActivityFactory, started
from volunteers import errors, selectors, services
from volunteers.models import Signup, TeamMembership
from volunteers.services import CheckinResult, SignupResult

pytestmark = [pytest.mark.postgres, pytest.mark.services]


def an_activity(**kwargs):
    # Transactional tests start from an empty database (the flush removes the data
    # migration's rules): the activity pays by a rule of its own.
    return ActivityFactory(rule=RuleFactory(points=10, rider_claimable=False), **kwargs)


def queue(activity) -> list[Signup]:
    """The sign-ups in arrival order: the order the waitlist moves by."""
    return list(Signup.objects.filter(activity=activity).order_by("queued_at", "id"))


def test_thirty_riders_racing_for_ten_places_get_ten_places_and_a_waitlist_in_arrival_order(postgres_db):
    activity = an_activity(title="成龙路街道清洁", capacity=10)
    riders = RiderFactory.create_batch(30)

    results = race(*[lambda r=r: services.signup_create(rider=r, activity=activity) for r in riders])

    assert all(isinstance(r, SignupResult) for r in results), [r for r in results if not isinstance(r, SignupResult)]
    arrived = queue(activity)
    assert len(arrived) == 30
    assert [s.status for s in arrived] == ["registered"] * 10 + ["waitlisted"] * 20
    # Each rider was told the place they got, and it is their place in the queue.
    positions = {r.signup.pk: r.position for r in results}
    assert [positions[s.pk] for s in arrived] == [None] * 10 + list(range(1, 21))
    assert [selectors.waitlist_position(s) for s in arrived[10:]] == list(range(1, 21))
    places = selectors.activity_with_places(activity.pk)
    assert (places.registered_count, places.waitlist_length) == (10, 20)
    assert Notification.objects.filter(kind="volunteers_signup_registered").count() == 10
    assert Notification.objects.filter(kind="volunteers_signup_waitlisted").count() == 20


def test_the_first_registered_cancels_twice_at_once_and_the_first_waitlisted_is_promoted_once(postgres_db):
    activity = an_activity(capacity=10)
    riders = RiderFactory.create_batch(30)
    race(*[lambda r=r: services.signup_create(rider=r, activity=activity) for r in riders])
    arrived = queue(activity)
    first_registered, first_waiting, second_waiting = arrived[0].rider, arrived[10].rider, arrived[11].rider

    # A double tap on "cancel": two requests of the same rider at once.
    results = race(
        lambda: services.signup_cancel(rider=first_registered, activity=activity),
        lambda: services.signup_cancel(rider=first_registered, activity=activity),
    )

    assert sorted(type(r).__name__ for r in results) == ["NotSignedUp", "Signup"]
    assert Signup.objects.get(activity=activity, rider=first_registered).status == "cancelled"
    assert Signup.objects.get(activity=activity, rider=first_waiting).status == "registered"
    assert Signup.objects.get(activity=activity, rider=second_waiting).status == "waitlisted"
    promoted = Notification.objects.filter(kind="volunteers_waitlist_promoted")
    assert list(promoted.values_list("recipient_id", flat=True)) == [first_waiting.pk]
    places = selectors.activity_with_places(activity.pk)
    assert (places.registered_count, places.waitlist_length) == (10, 19)


def test_a_cancellation_and_a_new_sign_up_at_once_never_overfill(postgres_db):
    activity = an_activity(capacity=1)
    holder, waiting, newcomer = RiderFactory.create_batch(3)
    services.signup_create(rider=holder, activity=activity)
    services.signup_create(rider=waiting, activity=activity)

    results = race(
        lambda: services.signup_cancel(rider=holder, activity=activity),
        lambda: services.signup_create(rider=newcomer, activity=activity),
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    assert Signup.objects.filter(activity=activity, status="registered").count() == 1
    assert Signup.objects.get(activity=activity, rider=waiting).status == "registered"  # first come, first served
    assert Signup.objects.get(activity=activity, rider=newcomer).status == "waitlisted"


def test_two_staff_scanning_the_same_rider_at_once_pay_once(postgres_db):
    activity = an_activity()
    rider = RiderFactory()
    signup = services.signup_create(rider=rider, activity=activity).signup
    token = services.checkin_token(signup)
    first, second = ReviewerFactory(), StreetAdminFactory()

    results = race(
        lambda: services.checkin(actor=first, activity=activity, token=token),
        lambda: services.checkin(actor=second, activity=activity, token=token),
    )

    assert sorted(r.result for r in results) == [CheckinResult.ALREADY_CHECKED_IN, CheckinResult.OK]
    assert Claim.objects.filter(rider=rider).count() == 1
    assert LedgerEntry.objects.filter(account__rider=rider).count() == 1
    account = Account.objects.get(rider=rider)
    assert account.balance == activity.rule.points
    assert account.balance == LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"]


def test_a_scan_and_a_tick_at_once_pay_once(postgres_db):
    activity = an_activity()
    rider = RiderFactory()
    signup = services.signup_create(rider=rider, activity=activity).signup
    staff = ReviewerFactory()

    results = race(
        lambda: services.checkin(actor=staff, activity=activity, token=services.checkin_token(signup)),
        lambda: services.attendance_record(actor=staff, signup=signup, attended=True),
    )

    assert sorted(r.result for r in results) == [CheckinResult.ALREADY_CHECKED_IN, CheckinResult.OK]
    assert Claim.objects.filter(rider=rider).count() == 1
    assert Account.objects.get(rider=rider).balance == activity.rule.points


def test_a_check_in_racing_the_finish_either_pays_before_it_or_is_refused(postgres_db):
    activity = an_activity()
    rider = RiderFactory()
    signup = services.signup_create(rider=rider, activity=activity).signup
    staff = ReviewerFactory()
    started(activity)  # finishing is allowed once it has begun

    results = race(
        lambda: services.attendance_record(actor=staff, signup=signup, attended=True),
        lambda: services.activity_finish(actor=staff, activity=activity),
    )

    signup.refresh_from_db()
    if isinstance(results[0], errors.RosterClosed):
        assert signup.attendance == Signup.Attendance.UNKNOWN
        assert not Claim.objects.filter(rider=rider).exists()
    else:
        assert results[0].result == CheckinResult.OK
        assert Claim.objects.filter(rider=rider).count() == 1
    assert not isinstance(results[1], Exception)


def test_a_member_signing_up_while_taken_off_the_team_does_not_keep_a_team_only_place(postgres_db):
    """Staff take a member off the team (team_remove: the membership, then the team-only places
    they hold, given up) while the rider signs up for a team-only visit. The sign-up waits for the
    removal and is refused; read unlocked, it saw the rider still in the team, landed after the
    removal had listed their places, and kept a place nobody could be checked in at."""
    admin = StreetAdminFactory()
    rider = RiderFactory()
    membership = services.team_decide(actor=admin, membership=services.team_request(rider=rider), accept=True)
    visit = an_activity(title="看望静康社区独居老人", capacity=5, team_only=True)
    removed, signing = threading.Event(), threading.Event()

    def remove():
        with transaction.atomic():
            services.team_remove(actor=admin, membership=membership, note="连续三个月未参加活动")
            removed.set()
            signing.wait(timeout=10)
            time.sleep(0.5)  # the sign-up runs meanwhile: unlocked, it is done before this commits

    def sign_up():
        removed.wait(timeout=10)
        signing.set()
        return services.signup_create(rider=rider, activity=visit)

    results = [None, None]

    def run(i, call):
        try:
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - inspected below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate((remove, sign_up))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert isinstance(results[1], errors.TeamOnly), results
    assert TeamMembership.objects.get(pk=membership.pk).status == TeamMembership.Status.LEFT
    assert not Signup.objects.filter(activity=visit, status__in=selectors.SIGNED_UP).exists()
