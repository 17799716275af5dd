"""The evening before, every rider with a place is reminded of tomorrow's activity. Late that
evening a rider cancels: the first on the waitlist gets the place. Before, the reminders had gone
out and they heard of the place but not that it was tomorrow, and no run reminded them again. Now
the one notice of the freed place says it is tomorrow (or today), and is their reminder: no run
sends them a second one."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from friendlystreet.days import local_zone
from friendlystreet.notifications.models import Delivery, Notification
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import services, tasks
from volunteers.models import Signup

pytestmark = pytest.mark.django_db

TOMORROW = "活动就在明天，请准时参加。"
TODAY = "活动就在今天，请准时参加。"


def at_ten(days: int) -> datetime:
    """10:00 in Chengdu, `days` from today."""
    return datetime.combine(timezone.localdate() + timedelta(days=days), time(10), tzinfo=local_zone())


def notices(rider, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=rider, kind=kind))


def full(starts_at: datetime, client_for, rider, other_rider):
    """One place, taken by `rider` days ago; `other_rider` waits for it, through the page. (Signed up
    through the page the day before, `rider` would be reminded by the confirmation: test_told_it_is_soon.py.)"""
    activity = ActivityFactory(title="看望社区老人", capacity=1, starts_at=starts_at, signup_deadline=starts_at)
    SignupFactory(activity=activity, rider=rider, queued_at=timezone.now() - timedelta(days=3))
    client_for(other_rider).post(f"/activities/{activity.pk}/signup/")
    assert Signup.objects.get(rider=other_rider).status == Signup.Status.WAITLISTED
    return activity


def test_a_rider_promoted_after_the_evening_reminder_is_told_it_is_tomorrow_once(client_for, rider, other_rider):
    activity = full(at_ten(1), client_for, rider, other_rider)
    assert tasks.remind_activities() == 1  # the evening run: the rider with the place

    client_for(rider).post(f"/activities/{activity.pk}/cancel-signup/")

    inbox = client_for(other_rider).get("/notifications/").content.decode()
    assert f"您已成功报名“看望社区老人”，时间：{at_ten(1):%Y-%m-%d %H:%M}" in inbox
    assert TOMORROW in inbox
    (notice,) = notices(other_rider, "volunteers_waitlist_promoted")
    (sms,) = Delivery.objects.filter(notification=notice, channel="sms")
    assert TOMORROW in sms.text
    # The beat fires again, or a later run: the notice was the reminder, nobody hears twice.
    assert tasks.remind_activities() == 0
    assert notices(other_rider, "volunteers_activity_reminder") == []
    assert len(notices(rider, "volunteers_activity_reminder")) == 1


def test_promoted_on_the_day_they_are_told_it_is_today(client_for, rider, other_rider):
    starts_at = timezone.now() + timedelta(minutes=30)
    activity = full(starts_at, client_for, rider, other_rider)

    client_for(rider).post(f"/activities/{activity.pk}/cancel-signup/")

    (notice,) = notices(other_rider, "volunteers_waitlist_promoted")
    same_day = timezone.localdate(starts_at) == timezone.localdate()
    assert (TODAY if same_day else TOMORROW) in notice.body


def test_promoted_days_ahead_they_are_reminded_the_evening_before_as_everyone(client_for, rider, other_rider):
    activity = full(at_ten(5), client_for, rider, other_rider)

    client_for(rider).post(f"/activities/{activity.pk}/cancel-signup/")

    (notice,) = notices(other_rider, "volunteers_waitlist_promoted")
    assert notice.body.endswith(f"地点：{activity.where}。")
    evening_before = at_ten(4).replace(hour=18)
    assert services.reminders_send(now=evening_before) == 1
    (reminder,) = notices(other_rider, "volunteers_activity_reminder")
    assert "明天举行" in reminder.body
