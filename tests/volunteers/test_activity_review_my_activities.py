"""Review of activities, the rider's 我的 list and the wording: the second part is headed
已结束或已取消 (a cancelled activity next week sits there too), an activity the rider has
checked in at says 已签到, a cancelled activity warns of no overlap; an activity's state reads
已发布, while the catalogue keeps its 已上架."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import services
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

MINE = "/activities/?mine=1"


def part(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</ul>", start)]


def test_a_cancelled_future_activity_is_under_finished_or_cancelled(client_for, rider, reviewer):
    soon = timezone.now() + timedelta(days=14)
    called_off = ActivityFactory(title="容量调整测试活动", starts_at=soon, ends_at=soon + timedelta(hours=2))
    SignupFactory(activity=called_off, rider=rider)
    services.activity_cancel(actor=reviewer, activity=called_off, reason="临时取消")

    html = client_for(rider).get(MINE).content.decode()

    assert re.search(r'<h2 id="mine-finished">已结束或已取消</h2>', html)
    assert "容量调整测试活动" in part(html, "finished")


def test_a_checked_in_activity_card_says_checked_in(client_for, rider, reviewer):
    activity = ActivityFactory(title="成龙路口早高峰秩序引导", capacity=1)
    signup = SignupFactory(activity=activity, rider=rider)
    services.attendance_record(actor=reviewer, signup=signup, attended=True)

    upcoming = part(client_for(rider).get(MINE).content.decode(), "upcoming")

    assert re.search(r'data-testid="my-status">已签到<', upcoming)
    assert "已报名" not in upcoming


def test_a_cancelled_activity_warns_of_no_overlap(client_for, rider, reviewer):
    held = ActivityFactory(title="成龙路口早高峰秩序引导")
    called_off = ActivityFactory(title="同一时间的巡查", starts_at=held.starts_at, ends_at=held.ends_at)
    for activity in (held, called_off):
        SignupFactory(activity=activity, rider=rider)
    rider_client = client_for(rider)
    assert 'data-testid="overlap"' in rider_client.get(f"/activities/{called_off.pk}/").content.decode()

    services.activity_cancel(actor=reviewer, activity=called_off, reason="暴雨")

    assert 'data-testid="overlap"' not in rider_client.get(f"/activities/{called_off.pk}/").content.decode()


def test_a_published_activity_reads_published_not_on_sale(client_for, street_admin):
    activity = ActivityFactory(state=Activity.State.PUBLISHED)
    staff = client_for(street_admin)

    listing = staff.get("/staff/activities/").content.decode()
    roster = staff.get(f"/staff/activities/{activity.pk}/").content.decode()
    form = staff.get("/staff/activities/new/").content.decode()

    assert '<a href="?state=published">已发布</a>' in listing
    assert re.search(r'data-state="published">已发布<', roster)
    assert '<option value="published">已发布</option>' in form
    assert "已上架" not in listing + roster + form
    # The catalogue's rewards are still put on sale.
    assert "已上架" in staff.get("/staff/rewards/").content.decode()
