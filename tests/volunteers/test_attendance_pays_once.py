"""At the activity: staff scan a rider's check-in QR (or type their phone, or tick a list).
Attendance pays the activity's rule exactly once; a no-show pays nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum

from points.models import Account, Claim, LedgerEntry, Rule
from tests.factories import RiderFactory
from tests.points.factories import RuleFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory, started
from volunteers import errors, selectors, services
from volunteers.models import Activity, Signup
from volunteers.services import CheckinResult

pytestmark = pytest.mark.django_db


def balance(rider) -> int:
    account = Account.objects.filter(rider=rider).first()
    return account.balance if account else 0


def paid(rider) -> tuple[int, int, int]:
    """(claims, ledger rows, balance) of the rider; the balance is checked against the ledger."""
    entries = LedgerEntry.objects.filter(account__rider=rider)
    total = entries.aggregate(s=Sum("amount"))["s"] or 0
    assert balance(rider) == total
    return Claim.objects.filter(rider=rider).count(), entries.count(), total


@pytest.fixture
def signup(rider, activity):
    return services.signup_create(rider=rider, activity=activity).signup


def test_a_scan_of_the_riders_code_checks_them_in_and_pays_the_rule(reviewer, rider, activity, signup):
    rule = activity.rule

    checkin = services.checkin(actor=reviewer, activity=activity, token=services.checkin_token(signup))

    assert checkin.result == CheckinResult.OK
    assert checkin.rider == rider
    signup.refresh_from_db()
    assert signup.attendance == Signup.Attendance.ATTENDED
    assert signup.checked_in_by == reviewer
    assert signup.checked_in_at is not None
    claim = Claim.objects.get(source=Claim.Source.ACTIVITY, source_ref=signup.claim_ref)
    assert (claim.rider, claim.rule, claim.status, claim.points) == (rider, rule, "approved", rule.points)
    assert claim.occurred_at == activity.starts_at
    assert paid(rider) == (1, 1, rule.points)


def test_a_rider_is_checked_in_by_phone_number_too(reviewer, rider, activity, signup):
    local = rider.phone.removeprefix("+86")
    checkin = services.checkin(actor=reviewer, activity=activity, phone=f"{local[:3]} {local[3:7]} {local[7:]}")
    assert checkin.result == CheckinResult.OK
    assert checkin.signup == signup


def test_scanning_twice_pays_once(reviewer, rider, activity, signup):
    token = services.checkin_token(signup)
    first = services.checkin(actor=reviewer, activity=activity, token=token)
    second = services.checkin(actor=reviewer, activity=activity, token=token)

    assert (first.result, second.result) == (CheckinResult.OK, CheckinResult.ALREADY_CHECKED_IN)
    assert paid(rider) == (1, 1, activity.rule.points)


def test_a_tick_after_a_scan_pays_once(reviewer, street_admin, rider, activity, signup):
    services.checkin(actor=reviewer, activity=activity, token=services.checkin_token(signup))
    tick = services.attendance_record(actor=street_admin, signup=signup, attended=True)

    assert tick.result == CheckinResult.ALREADY_CHECKED_IN
    assert paid(rider) == (1, 1, activity.rule.points)
    signup.refresh_from_db()
    assert signup.checked_in_by == reviewer  # the first check-in stands


def test_a_check_in_cannot_be_turned_into_a_no_show(reviewer, rider, activity, signup):
    services.attendance_record(actor=reviewer, signup=signup, attended=True)
    started(activity)
    with pytest.raises(errors.WrongState):
        services.attendance_record(actor=reviewer, signup=signup, attended=False)
    signup.refresh_from_db()
    assert signup.attendance == Signup.Attendance.ATTENDED
    assert paid(rider) == (1, 1, activity.rule.points)


def test_a_no_show_pays_nothing(reviewer, rider, activity, signup):
    started(activity)
    result = services.attendance_record(actor=reviewer, signup=signup, attended=False)

    assert result.result == CheckinResult.OK
    signup.refresh_from_db()
    assert signup.attendance == Signup.Attendance.NO_SHOW
    assert paid(rider) == (0, 0, 0)


def test_a_rider_marked_absent_who_turns_up_late_is_paid_once(reviewer, rider, activity, signup):
    started(activity)
    services.attendance_record(actor=reviewer, signup=signup, attended=False)
    late = services.checkin(actor=reviewer, activity=activity, token=services.checkin_token(signup))
    assert late.result == CheckinResult.OK
    assert paid(rider) == (1, 1, activity.rule.points)


@pytest.mark.parametrize(("hours", "points"), [(3, 30), (1.5, 15)])
def test_a_per_hour_rule_pays_hours_times_its_points(reviewer, rider, hours, points):
    rule = RuleFactory(points=10, unit=Rule.Unit.HOUR, rider_claimable=False)
    activity = ActivityFactory(rule=rule)
    Activity.objects.filter(pk=activity.pk).update(ends_at=activity.starts_at + timedelta(hours=hours))
    activity.refresh_from_db()
    signup = services.signup_create(rider=rider, activity=activity).signup

    services.attendance_record(actor=reviewer, signup=signup, attended=True)

    claim = Claim.objects.get(source_ref=signup.claim_ref)
    assert claim.quantity == Decimal(str(hours))
    assert claim.points == points
    assert paid(rider) == (1, 1, points)


def test_an_inactive_rule_records_attendance_without_paying(reviewer, rider):
    activity = ActivityFactory(rule=RuleFactory(points=10, rider_claimable=False, active=False))
    signup = services.signup_create(rider=rider, activity=activity).signup

    result = services.checkin(actor=reviewer, activity=activity, token=services.checkin_token(signup))

    assert result.result == CheckinResult.OK
    signup.refresh_from_db()
    assert signup.attendance == Signup.Attendance.ATTENDED
    assert paid(rider) == (0, 0, 0)
    started(activity, ago=timedelta(hours=3))  # the record counts it once it has ended
    assert [a.pk for a in selectors.volunteer_record(rider).attended] == [activity.pk]


def test_after_finish_the_roster_is_closed(reviewer, rider, other_rider, activity, signup):
    other = services.signup_create(rider=other_rider, activity=activity).signup
    services.attendance_record(actor=reviewer, signup=signup, attended=True)
    started(activity)
    services.activity_finish(actor=reviewer, activity=activity)

    with pytest.raises(errors.RosterClosed):
        services.checkin(actor=reviewer, activity=activity, token=services.checkin_token(other))
    with pytest.raises(errors.RosterClosed):
        services.attendance_record(actor=reviewer, signup=other, attended=True)
    with pytest.raises(errors.RosterClosed):
        services.attendance_record(actor=reviewer, signup=signup, attended=False)
    other.refresh_from_db()
    assert other.attendance == Signup.Attendance.UNKNOWN
    assert paid(other_rider) == (0, 0, 0)
    assert paid(rider) == (1, 1, activity.rule.points)


def test_a_token_of_another_activity_is_the_wrong_activity(reviewer, rider, activity, signup):
    elsewhere = ActivityFactory()
    result = services.checkin(actor=reviewer, activity=elsewhere, token=services.checkin_token(signup))
    assert result.result == CheckinResult.WRONG_ACTIVITY
    assert paid(rider) == (0, 0, 0)


def test_a_made_up_or_altered_token_is_unrecognised(reviewer, rider, activity, signup):
    token = services.checkin_token(signup)
    forged = f"{signup.pk + 1}:{token.split(':', 1)[1]}"
    for bad in ("", "12345", forged, token + "x"):
        assert services.checkin(actor=reviewer, activity=activity, token=bad).result == CheckinResult.UNKNOWN_CODE
    assert paid(rider) == (0, 0, 0)


def test_a_phone_not_on_the_list_is_not_signed_up_and_an_unknown_one_is_not_registered(reviewer, activity, signup):
    stranger = RiderFactory()
    assert services.checkin(actor=reviewer, activity=activity, phone=stranger.phone).result == CheckinResult.NOT_SIGNED_UP
    assert services.checkin(actor=reviewer, activity=activity, phone="13900000099").result == CheckinResult.UNKNOWN_PHONE
    assert services.checkin(actor=reviewer, activity=activity, phone="12345").result == CheckinResult.UNKNOWN_CODE


def test_a_waitlisted_rider_is_not_signed_up_at_the_door(reviewer, rider):
    activity = ActivityFactory(capacity=1)
    SignupFactory(activity=activity, rider=RiderFactory())
    waiting = services.signup_create(rider=rider, activity=activity).signup
    assert waiting.status == "waitlisted"

    result = services.checkin(actor=reviewer, activity=activity, token=services.checkin_token(waiting))

    assert result.result == CheckinResult.NOT_SIGNED_UP
    assert paid(rider) == (0, 0, 0)


def test_a_cancelled_signup_is_cancelled_at_the_door(reviewer, rider, activity, signup):
    services.signup_cancel(rider=rider, activity=activity)
    result = services.checkin(actor=reviewer, activity=activity, token=services.checkin_token(signup))
    assert result.result == CheckinResult.SIGNUP_CANCELLED
    assert paid(rider) == (0, 0, 0)


def test_a_cancelled_activity_checks_nobody_in(reviewer, rider, activity, signup):
    services.activity_cancel(actor=reviewer, activity=activity)
    activity.refresh_from_db()
    result = services.checkin(actor=reviewer, activity=activity, token=services.checkin_token(signup))
    assert result.result == CheckinResult.CANCELLED
    assert paid(rider) == (0, 0, 0)


def test_a_rider_cannot_check_anybody_in(rider, other_rider, activity, signup):
    with pytest.raises(errors.NotAllowed):
        services.checkin(actor=other_rider, activity=activity, token=services.checkin_token(signup))
    with pytest.raises(errors.NotAllowed):
        services.attendance_record(actor=rider, signup=signup, attended=True)
    assert paid(rider) == (0, 0, 0)


def test_a_checked_in_rider_cannot_cancel_while_sign_up_is_still_open(reviewer, rider):
    # Sign-up may stay open until the activity ends (the deadline is at most its end).
    activity = ActivityFactory()
    Activity.objects.filter(pk=activity.pk).update(signup_deadline=activity.ends_at)
    activity.refresh_from_db()
    signup = services.signup_create(rider=rider, activity=activity).signup
    services.attendance_record(actor=reviewer, signup=signup, attended=True)

    with pytest.raises(errors.WrongState):
        services.signup_cancel(rider=rider, activity=activity)

    signup.refresh_from_db()
    assert (signup.status, signup.attendance) == ("registered", "attended")
    assert paid(rider) == (1, 1, activity.rule.points)
