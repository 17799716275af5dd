"""Staff's list of activities, from a new user's review: a finished training read 已报名 10 / 30
剩余名额 20 0 人候补, as if places were still open; a cancelled one still counted its free
places. A finished activity now says who came (已签到 8 / 10), a cancelled one how many riders
were told; an open one keeps its places and waitlist."""

from __future__ import annotations

import pytest

from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.models import Activity, Signup

pytestmark = pytest.mark.django_db


def counts_on_the_list(client, activity: Activity, language: str = "zh-hans") -> str:
    html = client.get("/staff/activities/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    row = html.split(f'data-activity-id="{activity.pk}"', 1)[1].split("</li>", 1)[0]
    counts = row.split('data-testid="activity-counts">', 1)[1].split("</div>", 1)[0]
    return " ".join(counts.replace("<span>", " ").replace("</span>", " ").split())


def test_the_list_says_who_came_to_a_finished_activity_and_who_was_told_of_a_cancelled_one(client_for, reviewer):
    finished = ActivityFactory(capacity=30, state=Activity.State.FINISHED)
    for n in range(3):
        SignupFactory(activity=finished, rider=RiderFactory(), attendance=Signup.Attendance.ATTENDED if n < 2 else "")
    cancelled = ActivityFactory(capacity=2, state=Activity.State.CANCELLED)
    for status in (Signup.Status.REGISTERED, Signup.Status.REGISTERED, Signup.Status.WAITLISTED, Signup.Status.CANCELLED):
        SignupFactory(activity=cancelled, rider=RiderFactory(), status=status)
    open_one = ActivityFactory(capacity=5)
    SignupFactory(activity=open_one, rider=RiderFactory())
    staff = client_for(reviewer)

    assert counts_on_the_list(staff, finished) == "已签到 2 / 3"
    assert counts_on_the_list(staff, cancelled) == "已通知 3 位报名的骑手活动取消"
    assert counts_on_the_list(staff, open_one) == "已报名 1 / 5 剩余 4 个名额 0 人候补"
    assert counts_on_the_list(staff, finished, "en") == "2 / 3 checked in"
    assert counts_on_the_list(staff, cancelled, "en") == "3 riders signed up were told of the cancellation"
