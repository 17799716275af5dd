"""The evening reminder runs once a day, at 18:00, for tomorrow's activities. A rider who signs up
for tomorrow's activity after it ran, or whose activity the street office moves to tomorrow after
it ran, heard only the date and time, and no reminder ever came (on the day, no run reminds at
all). Now the notice of the place or of the new time says it is tomorrow (or today). The notices
that go by SMS as the reminder does (a place freed: test_promoted_after_the_reminder.py; a new
time) are the reminder: no run sends a second one. The sign-up confirmation, whose SMS the rider
chooses, is not: a rider who signs up the day before still gets the evening SMS."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from friendlystreet.days import local_zone
from friendlystreet.notifications.models import Delivery, Notification
from tests.volunteers.factories import ActivityFactory, SignupFactory
from tests.volunteers.test_event_review_moved import FMT, edit_form
from volunteers import services, tasks
from volunteers.models import Signup

pytestmark = pytest.mark.django_db

TOMORROW = "活动就在明天，请准时参加。"
TODAY = "活动就在今天，请准时参加。"


def at_ten(days: int) -> datetime:
    """10:00 in Chengdu, `days` from today."""
    return datetime.combine(timezone.localdate() + timedelta(days=days), time(10), tzinfo=local_zone())


def soon_words(starts_at: datetime) -> str:
    """What a notice says of a start half an hour away: today, unless the test runs at midnight."""
    return TODAY if timezone.localdate(starts_at) == timezone.localdate() else TOMORROW


def notices(rider, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=rider, kind=kind))


def activity_at(starts_at: datetime, **kwargs):
    return ActivityFactory(title="看望社区老人", starts_at=starts_at, signup_deadline=starts_at, **kwargs)


# --- signing up ----------------------------------------------------------------------------------


def test_a_rider_who_signs_up_after_the_evening_reminder_is_told_it_is_tomorrow(client_for, rider, other_rider):
    activity = activity_at(at_ten(1))
    SignupFactory(activity=activity, rider=other_rider)  # signed up days ago
    assert tasks.remind_activities() == 1  # the evening run: the rider signed up then

    client_for(rider).post(f"/activities/{activity.pk}/signup/")

    inbox = client_for(rider).get("/notifications/").content.decode()
    assert f"您已报名“看望社区老人”，时间：{at_ten(1):%Y-%m-%d %H:%M}" in inbox
    assert f"到场后请出示签到码。{TOMORROW}" in inbox


def test_a_rider_who_signs_up_the_day_before_still_gets_the_evening_reminder_by_sms(client_for, rider):
    """The confirmation's SMS is the rider's choice (off unless they turned it on); the reminder's
    is on: the confirmation that says "tomorrow" does not take the evening SMS's place."""
    activity = activity_at(at_ten(1))

    client_for(rider).post(f"/activities/{activity.pk}/signup/")
    (confirmation,) = notices(rider, "volunteers_signup_registered")
    assert confirmation.body.endswith(TOMORROW)
    assert not Delivery.objects.filter(notification=confirmation).exists()  # in the inbox only

    assert tasks.remind_activities() == 1  # the evening run
    (reminder,) = notices(rider, "volunteers_activity_reminder")
    assert Delivery.objects.filter(notification=reminder).exists()  # by SMS too


def test_a_rider_who_signs_up_in_the_app_on_the_day_is_told_it_is_today(api_for, rider):
    starts_at = timezone.now() + timedelta(minutes=30)
    activity = activity_at(starts_at)

    answer = api_for(rider).post(f"/api/v1/activities/{activity.pk}/signup/")

    assert answer.status_code == 201
    (notice,) = notices(rider, "volunteers_signup_registered")
    assert notice.body.endswith(soon_words(starts_at))


def test_a_rider_who_signs_up_days_ahead_is_reminded_the_evening_before(client_for, rider):
    activity = activity_at(at_ten(5))

    client_for(rider).post(f"/activities/{activity.pk}/signup/")

    (notice,) = notices(rider, "volunteers_signup_registered")
    assert notice.body.endswith("到场后请出示签到码。")
    evening_before = at_ten(4).replace(hour=18)
    assert services.reminders_send(now=evening_before) == 1
    (reminder,) = notices(rider, "volunteers_activity_reminder")
    assert "明天举行" in reminder.body


def test_a_rider_who_joins_the_waitlist_of_tomorrows_activity_is_not_told_to_be_on_time(client_for, rider, other_rider):
    activity = activity_at(at_ten(1), capacity=1)
    client_for(other_rider).post(f"/activities/{activity.pk}/signup/")

    client_for(rider).post(f"/activities/{activity.pk}/signup/")

    (notice,) = notices(rider, "volunteers_signup_waitlisted")
    assert TOMORROW not in notice.body
    assert Signup.objects.get(rider=rider).reminded_at is None  # reminded when moved up (_promote)


# --- an activity moved ---------------------------------------------------------------------------


def moved_to(staff, activity, starts_at: datetime):
    """Staff move the start (and the end, the sign-up deadline with it) through the edit form."""
    starts_at = timezone.localtime(starts_at)
    form = edit_form(
        activity,
        starts_at=starts_at.strftime(FMT),
        ends_at=(starts_at + timedelta(hours=2)).strftime(FMT),
        signup_deadline=starts_at.strftime(FMT),
    )
    response = staff.post(f"/staff/activities/{activity.pk}/edit/", form, follow=True)
    assert "已保存。" in response.content.decode()


def test_an_activity_moved_to_tomorrow_after_the_evening_reminder_tells_riders_it_is_tomorrow_once(
    client_for, staff, rider, other_rider
):
    activity = activity_at(at_ten(5), capacity=1)
    client_for(rider).post(f"/activities/{activity.pk}/signup/")
    client_for(other_rider).post(f"/activities/{activity.pk}/signup/")  # the waitlist
    assert tasks.remind_activities() == 0  # the evening run: nothing tomorrow yet

    moved_to(staff, activity, at_ten(1))

    inbox = client_for(rider).get("/notifications/").content.decode()
    assert f"现改为 {at_ten(1):%Y-%m-%d %H:%M} 在锦江区成龙路街道举行。{TOMORROW}" in inbox
    (notice,) = notices(rider, "volunteers_activity_changed")
    (sms,) = Delivery.objects.filter(notification=notice, channel="sms")
    assert TOMORROW in sms.text
    # Without a place there is nothing to be on time for: the waitlist hears the new time only.
    (waiting,) = notices(other_rider, "volunteers_activity_changed")
    assert waiting.body.endswith("在锦江区成龙路街道举行。")
    # A later run: the notice of the move was the reminder.
    assert tasks.remind_activities() == 0
    assert notices(rider, "volunteers_activity_reminder") == []


def test_an_activity_moved_to_today_tells_riders_it_is_today(client_for, staff, rider):
    activity = activity_at(at_ten(3))
    client_for(rider).post(f"/activities/{activity.pk}/signup/")
    starts_at = timezone.now() + timedelta(minutes=30)

    moved_to(staff, activity, starts_at)

    (notice,) = notices(rider, "volunteers_activity_changed")
    assert notice.body.endswith(soon_words(starts_at))
    assert Signup.objects.get(rider=rider).reminded_at is not None
