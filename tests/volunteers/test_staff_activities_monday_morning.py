"""A staff member's Monday morning with the activities (review "staffmorning", findings 7, 12, 14).

They open /staff/activities/ to see what comes next: the list was latest first, so the next
activity (with 1 place left, which read "1 places left") was third, under next week's. The
dashboard's 今日活动 0 opened a "Today" list that said only "No activities.", with no way on.
On the roster, every rider signed up for an activity still to come carried 未登记 ("Not
recorded"), which reads as "not registered": they are signed up, just not checked in yet."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import services
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def days_ahead(days: int, hour: int = 15) -> timezone.datetime:
    """`days` from today at `hour` local time (never today, whatever the hour of the run)."""
    return (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def titles_listed(html: str) -> list[str]:
    return [t.strip() for t in re.findall(r'data-testid="activity-row".*?<a[^>]*>([^<]+)</a>', html, flags=re.S)]


def counts_of(html: str, activity: Activity) -> str:
    row = html.split(f'data-activity-id="{activity.pk}"', 1)[1].split("</li>", 1)[0]
    counts = row.split('data-testid="activity-counts">', 1)[1].split("</div>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", counts).split())


def test_the_next_activity_leads_the_list_and_what_is_over_follows_latest_first(client_for, reviewer, api_for):
    ActivityFactory(title="上周清洁", starts_at=days_ahead(-7), state=Activity.State.FINISHED)
    ActivityFactory(title="下周巡查", starts_at=days_ahead(8))
    ActivityFactory(title="周三巡查", starts_at=days_ahead(2))
    ActivityFactory(title="周四草稿", starts_at=days_ahead(3), state=Activity.State.DRAFT)
    ActivityFactory(title="消防通道巡查", starts_at=days_ahead(1))
    ActivityFactory(title="取消的培训", starts_at=days_ahead(5), state=Activity.State.CANCELLED)
    ActivityFactory(title="前天培训", starts_at=days_ahead(-2), state=Activity.State.FINISHED)
    staff = client_for(reviewer)

    listed = titles_listed(staff.get("/staff/activities/").content.decode())

    # Still to come, soonest first (a draft among them: staff have it to publish); then the
    # others, cancelled or over, the latest first.
    assert listed == ["消防通道巡查", "周三巡查", "周四草稿", "下周巡查", "取消的培训", "前天培训", "上周清洁"]
    # The Published tab, and the staff app's list of them through the API, the same way.
    published = titles_listed(staff.get("/staff/activities/?state=published").content.decode())
    assert published == ["消防通道巡查", "周三巡查", "下周巡查"]
    api = api_for(reviewer).get("/api/v1/activities/?state=published").json()
    assert [a["title"] for a in api["results"]] == published


def test_one_place_left_is_said_in_the_singular(client_for, reviewer):
    last_place = ActivityFactory(title="锦绣天府小区消防通道巡查", capacity=6, starts_at=days_ahead(3))
    two_left = ActivityFactory(capacity=6, starts_at=days_ahead(4))
    for _ in range(5):
        SignupFactory(activity=last_place, rider=RiderFactory())
    for _ in range(4):
        SignupFactory(activity=two_left, rider=RiderFactory())
    staff = client_for(reviewer)

    english = staff.get("/staff/activities/", **EN).content.decode()
    assert counts_of(english, last_place) == "5 / 6 signed up 1 place left 0 on the waitlist"
    assert counts_of(english, two_left) == "4 / 6 signed up 2 places left 0 on the waitlist"
    # The rider's card words it the same (one message for both pages).
    chinese = staff.get("/staff/activities/").content.decode()
    assert counts_of(chinese, last_place) == "已报名 5 / 6 剩余 1 个名额 0 人候补"


def test_nothing_today_the_today_tab_points_to_the_next_activity(client_for, street_admin):
    ActivityFactory(title="周四草稿", starts_at=days_ahead(1), state=Activity.State.DRAFT)  # not announced: not offered
    following = ActivityFactory(title="锦绣天府小区消防通道巡查", starts_at=days_ahead(2))
    ActivityFactory(title="下周巡查", starts_at=days_ahead(8))
    ActivityFactory(title="上周清洁", starts_at=days_ahead(-7), state=Activity.State.FINISHED)
    staff = client_for(street_admin)

    # The dashboard's 今日活动 card (0) opens the Today tab.
    page = staff.get("/staff/activities/?when=today", **EN).content.decode()

    assert titles_listed(page) == []
    empty = page.split('data-testid="no-activities">', 1)[1].split("</li>", 1)[0]
    when = timezone.localtime(following.starts_at).strftime("%Y-%m-%d %H:%M")
    assert " ".join(re.sub(r"<[^>]+>", " ", empty).split()) == f"No activity today. Next: {when} 锦绣天府小区消防通道巡查"
    assert f'<a href="/staff/activities/{following.pk}/">锦绣天府小区消防通道巡查</a>' in empty
    chinese = staff.get("/staff/activities/?when=today").content.decode()
    assert f'<span data-testid="next-activity">今天没有活动。下一场：{when} <a href=' in chinese

    # Nothing ahead at all: it says there is nothing today, and no "next".
    Activity.objects.filter(starts_at__gt=timezone.now()).update(state=Activity.State.CANCELLED)
    page = staff.get("/staff/activities/?when=today", **EN).content.decode()
    assert "No activity today." in page and 'data-testid="next-activity"' not in page


def roster_badges(client, activity: Activity, **headers) -> list[str]:
    html = client.get(f"/staff/activities/{activity.pk}/", **headers).content.decode()
    return re.findall(r'<div class="vs-attendance"><span[^>]*>([^<]+)</span>', html)


def test_riders_signed_up_for_an_activity_to_come_are_not_checked_in_yet(client_for, street_admin, rider, other_rider):
    activity = ActivityFactory(title="锦绣天府小区消防通道巡查", starts_at=days_ahead(3))
    services.signup_create(rider=rider, activity=activity)
    services.signup_create(rider=other_rider, activity=activity)
    staff = client_for(street_admin)

    assert roster_badges(staff, activity) == ["尚未签到", "尚未签到"]
    assert roster_badges(staff, activity, **EN) == ["Not checked in yet", "Not checked in yet"]
    assert "未登记" not in staff.get(f"/staff/activities/{activity.pk}/").content.decode()


def test_after_the_activity_a_rider_nobody_ticked_was_not_checked_in(client_for, street_admin, rider, other_rider):
    activity = ActivityFactory(starts_at=days_ahead(2))
    services.signup_create(rider=rider, activity=activity)
    services.signup_create(rider=other_rider, activity=activity)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=days_ahead(-2), ends_at=days_ahead(-2) + timedelta(hours=2), signup_deadline=days_ahead(-3)
    )
    staff = client_for(street_admin)

    # Check-in has closed (no "yet"): the rider was not checked in; finishing keeps the words.
    assert roster_badges(staff, activity) == ["未签到", "未签到"]
    activity.refresh_from_db()
    services.activity_finish(actor=street_admin, activity=activity)
    assert roster_badges(staff, activity, **EN) == ["Not checked in", "Not checked in"]
