"""A rider opens "我的活动" (/activities/?mine=1): what is still to come, soonest first, apart
from what is over, latest first, each finished activity saying whether they checked in
instead of how many places are left."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.volunteers.factories import ActivityFactory, SignupFactory, started
from volunteers import services
from volunteers.models import Activity, Signup

pytestmark = pytest.mark.django_db

MINE = reverse("volunteers:activity_list") + "?mine=1"


def days(n: float):
    return timezone.now() + timedelta(days=n)


def part(html: str, testid: str) -> str:
    """The HTML of one part of the page (`upcoming` or `finished`), '' when it is not there."""
    marker = f'data-testid="{testid}"'
    if marker not in html:
        return ""
    start = html.index(marker)
    return html[start : html.index("</ul>", start)]


def finished_activity(title: str, *, start, reviewer, attendance: dict) -> Activity:
    """A past activity: riders signed up, staff recorded who came while it was on (check-in is
    open only then), then, at `start`, it was; its roster is closed."""
    activity = started(ActivityFactory(title=title))
    for rider, attended in attendance.items():
        signup = SignupFactory(activity=activity, rider=rider, queued_at=start - timedelta(days=2))
        if attended is not None:
            services.attendance_record(actor=reviewer, signup=signup, attended=attended)
    started(activity, ago=timezone.now() - start)
    services.activity_finish(actor=reviewer, activity=activity)
    return activity


def test_upcoming_come_first_soonest_first_and_finished_after_latest_first(client_for, rider, reviewer):
    SignupFactory(activity=ActivityFactory(title="下周的巡查", starts_at=days(7), capacity=5), rider=rider)
    SignupFactory(activity=ActivityFactory(title="明天的清洁", starts_at=days(1)), rider=rider)
    finished_activity("上个月的培训", start=days(-30), reviewer=reviewer, attendance={rider: True})
    finished_activity("上周的探访", start=days(-7), reviewer=reviewer, attendance={rider: True})

    html = client_for(rider).get(MINE).content.decode()

    upcoming, finished = part(html, "upcoming"), part(html, "finished")
    assert "即将开始" in html and "已结束" in html
    assert upcoming.index("明天的清洁") < upcoming.index("下周的巡查")
    assert finished.index("上周的探访") < finished.index("上个月的培训")
    assert "上周的探访" not in upcoming and "明天的清洁" not in finished
    assert html.index('data-testid="upcoming"') < html.index('data-testid="finished"')
    assert "剩余 4 个名额" in upcoming and "已签到" not in upcoming


def test_a_finished_activity_says_checked_in_or_not_instead_of_places_left(client_for, rider, other_rider, reviewer):
    finished_activity("来了的活动", start=days(-3), reviewer=reviewer, attendance={rider: True})
    finished_activity("没来的活动", start=days(-5), reviewer=reviewer, attendance={rider: False})
    finished_activity("没登记的活动", start=days(-6), reviewer=reviewer, attendance={rider: None})

    html = client_for(rider).get(MINE).content.decode()

    finished = part(html, "finished")
    came, missed, unrecorded = (
        finished.split("来了的活动")[1],
        finished.split("没来的活动")[1],
        finished.split("没登记的活动")[1],
    )
    assert "已签到" in came.split("</li>")[0]
    assert "未签到" in missed.split("</li>")[0]
    assert "未签到" in unrecorded.split("</li>")[0]
    assert "名额" not in finished and "已报名" not in finished


def test_an_activity_past_its_end_is_finished_even_before_staff_close_it(client_for, rider):
    start = timezone.now() - timedelta(hours=5)
    past = ActivityFactory(title="刚结束的活动", starts_at=start, signup_deadline=start - timedelta(hours=3))
    SignupFactory(activity=past, rider=rider)

    html = client_for(rider).get(MINE).content.decode()

    assert "刚结束的活动" in part(html, "finished")
    assert "刚结束的活动" not in part(html, "upcoming")
    assert "近期没有您报名的活动" in part(html, "upcoming")


def test_an_upcoming_activity_still_shows_places_and_the_riders_status(client_for, rider):
    SignupFactory(activity=ActivityFactory(title="明天的清洁", starts_at=days(1), capacity=4), rider=rider)

    html = client_for(rider).get(MINE).content.decode()

    upcoming = part(html, "upcoming")
    assert "剩余 3 个名额" in upcoming and "已报名" in upcoming
    assert 'data-testid="finished"' not in html  # nothing is over: no empty heading


def test_a_waitlisted_rider_of_a_finished_activity_is_not_told_they_missed_it(client_for, rider, other_rider, reviewer):
    activity = finished_activity("满员的活动", start=days(-2), reviewer=reviewer, attendance={other_rider: True})
    SignupFactory(activity=activity, rider=rider, status=Signup.Status.WAITLISTED)

    finished = part(client_for(rider).get(MINE).content.decode(), "finished")

    assert "候补未轮到名额" in finished and "未签到" not in finished


def test_a_cancelled_activity_says_so(client_for, rider, reviewer):
    activity = ActivityFactory(title="取消的活动", starts_at=days(2))
    SignupFactory(activity=activity, rider=rider)
    services.activity_cancel(actor=reviewer, activity=activity, reason="下雨")

    html = client_for(rider).get(MINE).content.decode()

    card = html.split("取消的活动")[1].split("</li>")[0]
    assert "已取消" in card and "名额" not in card


def test_a_rider_without_sign_ups_is_pointed_to_the_activities(client_for, rider):
    html = client_for(rider).get(MINE).content.decode()

    assert "您还没有报名任何活动" in html
    assert 'data-testid="upcoming"' not in html


def test_my_activities_cost_the_same_queries_for_many_upcoming_and_finished(
    client_for, rider, reviewer, django_assert_num_queries
):
    for i in range(5):
        SignupFactory(activity=ActivityFactory(title=f"将来{i}", starts_at=days(i + 1)), rider=rider)
        finished_activity(f"过去{i}", start=days(-i - 1), reviewer=reviewer, attendance={rider: i % 2 == 0})
    signed_in = client_for(rider)

    # The user, the role's permissions, the rider's activities with their places, the
    # rider's sign-ups of them (status and attendance), the bell's unread count.
    with django_assert_num_queries(5):
        page = signed_in.get(MINE)

    html = page.content.decode()
    assert part(html, "finished").count('data-testid="activity"') == 5
    assert part(html, "upcoming").count('data-testid="activity"') == 5


def test_a_cancelled_activity_is_listed_with_what_is_over_not_what_is_coming(client_for, rider, reviewer):
    activity = ActivityFactory(title="雨天取消的巡查", starts_at=days(2), signup_deadline=days(1))
    services.signup_create(rider=rider, activity=activity)
    services.activity_cancel(actor=reviewer, activity=activity, reason="暴雨预警")

    html = client_for(rider).get(MINE).content.decode()

    assert "雨天取消的巡查" not in part(html, "upcoming")
    assert "雨天取消的巡查" in part(html, "finished")
