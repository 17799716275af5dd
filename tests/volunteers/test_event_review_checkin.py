"""At the door, a rider signed up for two activities opens the wrong one's code on their phone
and shows it: staff check them in all the same (the code names the rider as surely as their
phone number does). A rider with no sign-up here who shows another activity's code came to
this one: staff are offered to sign them up on the spot, as for anyone who came without one."""

from __future__ import annotations

import pytest

from points.models import Claim
from tests.volunteers.checkin_steps import checkin_url, verdict
from tests.volunteers.factories import ActivityFactory
from volunteers import services
from volunteers.models import Signup

pytestmark = pytest.mark.django_db


def test_the_code_of_the_riders_other_activity_checks_them_in_here(staff, rider, activity):
    here = services.signup_create(rider=rider, activity=activity).signup
    elsewhere = services.signup_create(rider=rider, activity=ActivityFactory(title="敬老院探访")).signup

    response = staff.post(checkin_url(activity), {"code": services.checkin_token(elsewhere)})

    assert verdict(response) == "ok"
    here.refresh_from_db()
    elsewhere.refresh_from_db()
    assert here.attendance == Signup.Attendance.ATTENDED
    assert elsewhere.attendance == Signup.Attendance.UNKNOWN  # that activity is still to come
    assert Claim.objects.filter(rider=rider, source_ref=here.claim_ref).count() == 1

    again = staff.post(checkin_url(activity), {"code": services.checkin_token(elsewhere)})
    assert verdict(again) == "already_checked_in"
    assert Claim.objects.filter(rider=rider).count() == 1


def test_a_rider_without_a_sign_up_here_showing_another_code_is_offered_a_walk_in(staff, rider, activity):
    elsewhere = services.signup_create(rider=rider, activity=ActivityFactory(title="敬老院探访")).signup

    response = staff.post(checkin_url(activity), {"code": services.checkin_token(elsewhere)})

    assert verdict(response) == "wrong_activity"
    html = response.content.decode()
    assert "敬老院探访" in html  # where the rider did sign up
    assert 'id="walk-in-form"' in html
    assert f'name="rider" value="{rider.pk}"' in html
    assert not Claim.objects.exists()


def test_a_box_of_spaces_asks_to_scan_or_type_the_phone_number(staff, activity):
    response = staff.post(checkin_url(activity), {"code": "   "})

    assert "请扫描骑手的签到码，或输入其手机号。" in response.content.decode()
    assert "这个字段是必填项" not in response.content.decode()
