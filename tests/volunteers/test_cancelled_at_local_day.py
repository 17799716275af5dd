"""Staff at the door hear when a rider cancelled (该骑手已于 23:50 取消报名): the hour and the day
are Beijing time, the programme's one calendar (friendlystreet.days), whatever time zone the
process has active; a sign-up cancelled just before midnight is "yesterday" after it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.checkin_words import checkin_words
from volunteers.models import Signup
from volunteers.services import Checkin, CheckinResult

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def cancelled(at: datetime) -> Checkin:
    signup = SignupFactory(rider=RiderFactory(), activity=ActivityFactory(), status=Signup.Status.CANCELLED, cancelled_at=at)
    return Checkin(CheckinResult.SIGNUP_CANCELLED, signup)


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "America/New_York"])
def test_ten_past_midnight_a_cancellation_at_ten_to_midnight_was_yesterday(zone):
    now = datetime(2026, 3, 10, 0, 10, tzinfo=SHANGHAI)

    with timezone.override(zone), translation.override("zh-hans"):
        last_night = checkin_words(cancelled(datetime(2026, 3, 9, 23, 50, tzinfo=SHANGHAI)), now=now).message
        just_now = checkin_words(cancelled(datetime(2026, 3, 10, 0, 5, tzinfo=SHANGHAI)), now=now).message

    assert last_night == "该骑手已于 03-09 23:50 取消报名，可现场补报名。"
    assert just_now == "该骑手已于 00:05 取消报名，可现场补报名。"


def test_the_app_at_the_door_says_beijing_time_whatever_zone_is_active(api_for, reviewer):
    activity = ActivityFactory()
    gone = SignupFactory(rider=RiderFactory(), activity=activity, status=Signup.Status.CANCELLED, cancelled_at=timezone.now())

    with timezone.override("UTC"):
        answer = api_for(reviewer).post(
            f"/api/v1/activities/{activity.pk}/checkin/",
            {"phone": gone.rider.phone},
            format="json",
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )

    beijing = gone.cancelled_at.astimezone(SHANGHAI).strftime("%H:%M")
    assert answer.json()["message"] == f"该骑手已于 {beijing} 取消报名，可现场补报名。"
