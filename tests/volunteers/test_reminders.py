"""The evening before: every registered rider of tomorrow's activities (Beijing time) is
reminded once, by the periodic task."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from tests.factories import RiderFactory
from tests.notifications import conftest as notification_fixtures
from tests.points.factories import RuleFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import services, tasks
from volunteers.models import Activity, Signup

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 20:00 in Chengdu on 10 March is 12:00 UTC: "tomorrow" is 11 March in Chengdu, from
# 16:00 UTC on the 10th to 16:00 UTC on the 11th.
NOW = datetime(2030, 3, 10, 20, 0, tzinfo=SHANGHAI)

celery_worker_factory = notification_fixtures.celery_worker_factory


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2030, 3, day, hour, minute, tzinfo=SHANGHAI)


def activity_at(starts_at: datetime, **kwargs) -> Activity:
    return ActivityFactory(starts_at=starts_at, signup_deadline=starts_at - timedelta(hours=12), **kwargs)


def reminders(rider) -> list[Notification]:
    return list(Notification.objects.filter(recipient=rider, kind="volunteers_activity_reminder"))


@pytest.mark.django_db
def test_riders_of_tomorrows_activities_are_reminded_once(rider, other_rider):
    early = activity_at(local(11, 0, 30), title="清晨街道清洁")  # 16:30 UTC today: still tomorrow in Chengdu
    late = activity_at(local(11, 23, 0), title="夜间消防通道巡查")
    SignupFactory(activity=early, rider=rider)
    SignupFactory(activity=late, rider=rider)
    SignupFactory(activity=late, rider=other_rider)

    assert services.reminders_send(now=NOW) == 3

    assert sorted(n.context["title"] for n in reminders(rider)) == ["夜间消防通道巡查", "清晨街道清洁"]
    assert len(reminders(other_rider)) == 1
    notification = reminders(other_rider)[0]
    assert notification.link == f"/activities/{late.pk}/"
    assert "夜间消防通道巡查" in notification.body
    assert Signup.objects.filter(reminded_at=NOW).count() == 3

    # The task runs again (a retry, a second beat): nobody hears twice.
    assert services.reminders_send(now=NOW + timedelta(minutes=5)) == 0
    assert services.reminders_send(now=NOW) == 0
    assert len(reminders(rider)) == 2


@pytest.mark.django_db
def test_other_days_and_other_sign_ups_are_not_reminded(rider):
    today = activity_at(local(10, 23, 30))
    day_after = activity_at(local(12, 0, 0))  # 16:00 UTC on the 11th: tomorrow in UTC, not in Chengdu
    day_after_morning = activity_at(local(12, 7, 0))
    tomorrow = activity_at(local(11, 9, 0))
    for activity in (today, day_after, day_after_morning):
        SignupFactory(activity=activity, rider=rider)
    SignupFactory(activity=tomorrow, rider=RiderFactory(), status=Signup.Status.WAITLISTED)
    SignupFactory(activity=tomorrow, rider=RiderFactory(), status=Signup.Status.CANCELLED)
    draft = activity_at(local(11, 10, 0), state=Activity.State.DRAFT)
    cancelled = activity_at(local(11, 10, 0), state=Activity.State.CANCELLED)
    SignupFactory(activity=draft, rider=rider)
    SignupFactory(activity=cancelled, rider=rider)

    assert services.reminders_send(now=NOW) == 0
    assert not Notification.objects.filter(kind="volunteers_activity_reminder").exists()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_periodic_task_reminds_through_a_real_worker_once(celery_worker_factory, rider, other_rider):
    tomorrow = timezone.localdate() + timedelta(days=1)
    starts_at = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time())) + timedelta(hours=10)
    # A transactional test starts from an empty database: the data migration's rules are flushed.
    activity = activity_at(starts_at, title="看望社区老人", rule=RuleFactory(rider_claimable=False))
    SignupFactory(activity=activity, rider=rider)
    SignupFactory(activity=activity, rider=other_rider, status=Signup.Status.WAITLISTED)
    worker = celery_worker_factory()

    tasks.remind_activities.delay()
    worker.wait_for(lambda: reminders(rider), what="the reminder")
    tasks.remind_activities.delay()  # the beat fires again (or the message is redelivered)
    runs = worker.wait_for(lambda: len(remind_runs(worker)) == 2 and remind_runs(worker), what="the second run")

    assert runs == [1, 0]  # what each run sent
    assert len(reminders(rider)) == 1
    assert reminders(rider)[0].context["title"] == "看望社区老人"
    assert reminders(other_rider) == []


def remind_runs(worker) -> list[int]:
    """The return values of the finished remind_activities runs, from the worker's log."""
    return [int(n) for n in re.findall(r"remind_activities\[[^\]]+\] succeeded in [\d.]+s: (\d+)", worker.log())]
