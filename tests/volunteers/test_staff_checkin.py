"""At the event, staff scan a rider's check-in QR (or type their phone number) on the
check-in page and see one of five verdicts; attendance pays exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from points.models import Claim
from points.selectors import balance_of
from tests.volunteers.checkin_steps import checkin_url, verdict
from tests.volunteers.factories import ActivityFactory, SignupFactory, started
from volunteers import errors, services
from volunteers.models import Activity

pytestmark = pytest.mark.django_db


def paid(activity: Activity) -> int:
    rule = activity.rule
    return int(rule.points * activity.hours) if rule.per_hour else rule.points


def test_the_page_has_the_merchant_pages_scanner(staff, activity):
    html = staff.get(checkin_url(activity)).content.decode()
    for element in ('id="lookup-form"', 'id="code-input"', 'id="scan-start"', 'id="scan-stop"', 'id="scanner"'):
        assert element in html
    assert 'id="scanner-video"' in html and 'id="scan-error"' in html
    assert "vendor/jsqr/jsQR.js" in html and "js/redeem.js" in html
    assert 'data-testid="checkin-count"' in html


def test_a_scan_checks_the_rider_in_and_pays(staff, rider, activity):
    signup = services.signup_create(rider=rider, activity=activity).signup

    response = staff.post(checkin_url(activity), {"code": services.checkin_token(signup)})

    assert verdict(response) == "ok"
    html = response.content.decode()
    assert rider.masked_name in html and rider.masked_phone in html
    assert rider.phone not in html
    assert '<strong id="checked-in">1</strong> / <span id="registered">1</span>' in html
    assert balance_of(rider) == paid(activity)


def test_a_typed_phone_number_checks_in_too(staff, rider, activity):
    services.signup_create(rider=rider, activity=activity)
    typed = rider.phone[3:6] + " " + rider.phone[6:]  # 137 00000001, as staff type it
    assert verdict(staff.post(checkin_url(activity), {"code": typed})) == "ok"
    assert balance_of(rider) == paid(activity)


def test_a_second_scan_is_already_checked_in_and_pays_nothing_more(staff, rider, activity):
    token = services.checkin_token(services.signup_create(rider=rider, activity=activity).signup)
    staff.post(checkin_url(activity), {"code": token})

    response = staff.post(checkin_url(activity), {"code": token})

    assert verdict(response) == "already_checked_in"
    assert Claim.objects.filter(rider=rider).count() == 1
    assert balance_of(rider) == paid(activity)


def test_a_tick_after_a_scan_pays_nothing_more(staff, rider, activity):
    signup = services.signup_create(rider=rider, activity=activity).signup
    staff.post(checkin_url(activity), {"code": services.checkin_token(signup)})

    staff.post(f"/staff/activities/{activity.pk}/attendance/{signup.pk}/", {"attended": "1"})

    assert Claim.objects.filter(rider=rider).count() == 1
    assert balance_of(rider) == paid(activity)


def test_a_scan_after_a_tick_is_already_checked_in(staff, rider, activity):
    signup = services.signup_create(rider=rider, activity=activity).signup
    staff.post(f"/staff/activities/{activity.pk}/attendance/{signup.pk}/", {"attended": "1"})
    assert verdict(staff.post(checkin_url(activity), {"code": services.checkin_token(signup)})) == "already_checked_in"
    assert balance_of(rider) == paid(activity)


def test_a_rider_not_signed_up(staff, rider, other_rider, activity):
    assert verdict(staff.post(checkin_url(activity), {"code": other_rider.phone[3:]})) == "not_signed_up"
    assert verdict(staff.post(checkin_url(activity), {"code": "12:made-up-signature"})) == "unknown_code"
    # On the waitlist: no place, so no check-in.
    full = ActivityFactory(capacity=1)
    services.signup_create(rider=other_rider, activity=full)
    waiting = services.signup_create(rider=rider, activity=full).signup
    response = staff.post(checkin_url(full), {"code": services.checkin_token(waiting)})
    assert verdict(response) == "not_signed_up"
    assert not Claim.objects.filter(rider=rider).exists()


def test_another_activitys_code_is_wrong_activity(staff, rider, activity):
    elsewhere = ActivityFactory(title="敬老院探访")
    token = services.checkin_token(services.signup_create(rider=rider, activity=elsewhere).signup)

    response = staff.post(checkin_url(activity), {"code": token})

    assert verdict(response) == "wrong_activity"
    assert "敬老院探访" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_cancelled_sign_up_or_activity_is_cancelled(staff, reviewer, rider, other_rider, activity):
    gone = services.signup_create(rider=rider, activity=activity).signup
    services.signup_cancel(rider=rider, activity=activity)
    assert verdict(staff.post(checkin_url(activity), {"code": services.checkin_token(gone)})) == "signup_cancelled"

    signup = services.signup_create(rider=other_rider, activity=activity).signup
    services.activity_cancel(actor=reviewer, activity=activity, reason="暴雨")
    assert verdict(staff.post(checkin_url(activity), {"code": services.checkin_token(signup)})) == "cancelled"
    assert not Claim.objects.exists()


def test_after_finish_check_in_is_refused(staff, reviewer, rider, activity):
    signup = services.signup_create(rider=rider, activity=activity).signup
    started(activity)
    services.activity_finish(actor=reviewer, activity=activity)

    response = staff.post(checkin_url(activity), {"code": services.checkin_token(signup)})

    assert verdict(response) == ""
    assert 'data-testid="checkin-closed"' in response.content.decode()
    assert response.context["form"].non_field_errors()
    assert balance_of(rider) == 0


def test_an_empty_code_is_a_form_error(staff, activity):
    response = staff.post(checkin_url(activity), {"code": ""})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors


def test_a_draft_cannot_be_checked_in(staff, rider):
    draft = ActivityFactory(state=Activity.State.DRAFT)
    signup = SignupFactory(activity=draft, rider=rider)
    response = staff.post(checkin_url(draft), {"code": services.checkin_token(signup)})
    assert verdict(response) == ""
    assert balance_of(rider) == 0


def test_check_in_opens_an_hour_before_the_start_and_not_days_ahead(staff, rider):
    """A wrong number typed days early, or a test run, must not pay real points: attendance
    cannot be recorded until an hour before the activity starts."""
    soon = timezone.now() + timedelta(days=3)
    activity = ActivityFactory(starts_at=soon, ends_at=soon + timedelta(hours=2), signup_deadline=soon - timedelta(hours=12))
    signup = services.signup_create(rider=rider, activity=activity).signup
    opens = timezone.localtime(soon - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    notice = f"签到将于 {opens} 开放（活动开始前 1 小时）。"
    assert notice in staff.get(checkin_url(activity)).content.decode()

    early = staff.post(checkin_url(activity), {"code": rider.phone})

    assert early.content.decode().count(notice) == 1  # the refusal, not the notice again
    assert not Claim.objects.filter(rider=rider).exists() and balance_of(rider) == 0
    signup.refresh_from_db()
    assert signup.attendance != signup.Attendance.ATTENDED

    # The day comes: 50 minutes before the start, the same number checks the rider in.
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() + timedelta(minutes=50),
        ends_at=timezone.now() + timedelta(hours=3),
        signup_deadline=timezone.now(),
    )
    assert verdict(staff.post(checkin_url(activity), {"code": rider.phone})) == "ok"
    assert balance_of(rider) == paid(activity)


def test_no_show_cannot_be_marked_before_the_activity_either(rider, reviewer):
    soon = timezone.now() + timedelta(days=2)
    activity = ActivityFactory(starts_at=soon, ends_at=soon + timedelta(hours=2), signup_deadline=soon - timedelta(hours=12))
    signup = services.signup_create(rider=rider, activity=activity).signup

    with pytest.raises(errors.NotStartedYet):
        services.attendance_record(actor=reviewer, signup=signup, attended=False)


def test_the_roster_offers_attendance_buttons_only_once_check_in_opens(client_for, reviewer, rider):
    later = timezone.now() + timedelta(hours=3)
    activity = ActivityFactory(starts_at=later, ends_at=later + timedelta(hours=2), signup_deadline=later - timedelta(hours=1))
    services.signup_create(rider=rider, activity=activity)
    roster = f"/staff/activities/{activity.pk}/"

    before = client_for(reviewer).get(roster).content.decode()
    assert 'data-testid="tick-attended"' not in before and 'data-testid="checkin-not-open"' in before

    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() + timedelta(minutes=50))
    after = client_for(reviewer).get(roster).content.decode()
    assert 'data-testid="tick-attended"' in after and 'data-testid="checkin-not-open"' not in after
