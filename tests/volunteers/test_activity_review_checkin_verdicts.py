"""Review of activities, the check-in verdicts: staff at the event can tell a misread code
(无法识别的签到码) from a phone nobody registered, a rider who cancelled their own sign-up (and
when: 该骑手已于 14:40 取消报名，可现场补报名) from a cancelled activity; the walk-in offer is
a normal next step, not shown as an error."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import services
from volunteers.models import Activity, Signup

pytestmark = pytest.mark.django_db


def look_up(staff, activity: Activity, code: str) -> str:
    """What the check-in page answers when staff type `code`: the verdict's section."""
    html = staff.post(reverse("volunteers:staff_checkin", args=[activity.pk]), {"code": code}).content.decode()
    found = re.search(r'<section class="verdict[^"]*".*?</section>', html, re.S)
    return found.group(0) if found else ""


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def activity(db):
    return ActivityFactory(title="成龙路口早高峰秩序引导", capacity=3)


def test_a_misread_code_is_unrecognised(staff, activity):
    verdict = look_up(staff, activity, "abc")

    assert 'data-result="unknown_code"' in verdict
    assert "无法识别的签到码" in text_of(verdict)
    assert "这既不是骑手的签到码，也不是手机号。请重新扫码，或输入手机号。" in text_of(verdict)
    assert "walk-in" not in verdict


def test_a_phone_nobody_registered_says_so(staff, activity):
    verdict = look_up(staff, activity, "13900000099")

    assert 'data-result="unknown_phone"' in verdict
    assert "该手机号还没有注册友好街道。" in text_of(verdict)
    assert "walk-in" not in verdict


def test_a_registered_rider_without_a_sign_up_is_offered_a_walk_in(staff, activity):
    verdict = look_up(staff, activity, RiderFactory().phone[3:])

    assert 'data-result="not_signed_up"' in verdict
    assert "该骑手没有报名本活动。" in text_of(verdict) and 'id="walk-in"' in verdict
    assert "vs-verdict-offer" in verdict and "vs-verdict-not_signed_up" not in verdict


def test_a_rider_who_cancelled_is_told_when_and_offered_the_walk_in_calmly(staff, client_for, activity, rider):
    services.signup_create(rider=rider, activity=activity)
    client_for(rider).post(reverse("volunteers:activity_cancel_signup", args=[activity.pk]))
    cancelled_at = Signup.objects.get(activity=activity, rider=rider).cancelled_at
    assert cancelled_at is not None

    verdict = look_up(staff, activity, rider.phone[3:])

    when = timezone.localtime(cancelled_at).strftime("%H:%M")
    assert 'data-result="signup_cancelled"' in verdict
    assert "已取消报名" in text_of(verdict)
    assert f"该骑手已于 {when} 取消报名，可现场补报名。" in text_of(verdict)
    assert "或此活动" not in text_of(verdict)
    # The next step is a normal one: no error look.
    assert "vs-verdict-offer" in verdict and "vs-verdict-signup_cancelled" not in verdict
    assert 'id="walk-in"' in verdict

    staff.post(reverse("volunteers:staff_walk_in", args=[activity.pk]), {"rider": rider.pk})
    signup = Signup.objects.get(activity=activity, rider=rider)
    assert (signup.status, signup.attendance) == (Signup.Status.REGISTERED, Signup.Attendance.ATTENDED)


def test_an_older_cancellation_without_a_time_still_reads_plainly(staff, activity, rider):
    SignupFactory(activity=activity, rider=rider, status=Signup.Status.CANCELLED)  # cancelled before times were kept

    verdict = text_of(look_up(staff, activity, rider.phone[3:]))

    assert "该骑手已取消报名，可现场补报名。" in verdict


def test_a_cancelled_activity_says_the_activity_is_cancelled(staff, reviewer, activity, rider):
    SignupFactory(activity=activity, rider=rider)
    services.activity_cancel(actor=reviewer, activity=activity, reason="暴雨")

    verdict = look_up(staff, activity, rider.phone[3:])

    assert 'data-result="cancelled"' in verdict
    assert "活动已取消" in text_of(verdict) and "该活动已取消，不能签到。" in text_of(verdict)
    assert 'id="walk-in"' not in verdict
