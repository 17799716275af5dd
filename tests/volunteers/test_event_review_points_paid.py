"""The street office runs an activity and sees what it paid: each check-in says the points the
rider got (or why none: the rule's cap reached, the rule switched off meanwhile), the roster adds
them up, and it shows what staff set at the desk (the sign-up deadline, team members only).
Once it is over the roster says who came or who was told, not places left."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from points.models import Rule
from points.selectors import balance_of
from tests.factories import RiderFactory
from tests.html import text_of
from tests.points.factories import RuleFactory
from tests.volunteers.checkin_steps import checkin_url
from tests.volunteers.factories import ActivityFactory, started
from volunteers import services
from volunteers.models import Activity

pytestmark = pytest.mark.django_db


def roster_url(activity: Activity) -> str:
    return f"/staff/activities/{activity.pk}/"


def verdict_message(response) -> str:
    found = re.search(r'data-testid="verdict-message">([^<]*)<', response.content.decode())
    return found.group(1) if found else ""


def test_a_check_in_says_the_points_the_rider_got(staff, rider, activity):
    signup = services.signup_create(rider=rider, activity=activity).signup

    response = staff.post(checkin_url(activity), {"code": services.checkin_token(signup)})

    assert verdict_message(response) == "签到成功。已发放 10 积分。"
    assert balance_of(rider) == 10


def test_a_rider_at_the_rules_daily_cap_is_told_nothing_was_paid(staff, rider):
    rule = RuleFactory(name="社区服务", points=10, max_per_day=10, rider_claimable=False)
    morning, afternoon = ActivityFactory(rule=rule), ActivityFactory(rule=rule)
    services.signup_create(rider=rider, activity=morning)
    services.signup_create(rider=rider, activity=afternoon)
    staff.post(checkin_url(morning), {"code": rider.phone})

    response = staff.post(checkin_url(afternoon), {"code": rider.phone})

    assert verdict_message(response) == "签到成功。未发放积分：该骑手已达到积分规则的上限。"
    assert balance_of(rider) == 10


def test_with_the_rule_switched_off_nobody_is_promised_points(staff, rider, other_rider, activity):
    services.signup_create(rider=rider, activity=activity)
    Rule.objects.filter(pk=activity.rule_id).update(active=False)

    checked_in = staff.post(checkin_url(activity), {"code": rider.phone})
    assert verdict_message(checked_in) == "签到成功。未发放积分：本活动的积分规则已停用。"

    offer = staff.post(checkin_url(activity), {"code": other_rider.phone}).content.decode()
    assert f'data-confirm="为{other_rider.masked_name}报名并签到？不能撤销。"' in offer
    assert "0 积分" not in offer

    done = staff.post(f"/staff/activities/{activity.pk}/walk-in/", {"rider": other_rider.pk}, follow=True)
    assert f"{other_rider.masked_name}已现场报名并签到。未发放积分：本活动的积分规则已停用。" in done.content.decode()
    assert balance_of(rider) == balance_of(other_rider) == 0


def test_the_roster_adds_up_what_the_check_ins_paid(staff, rider, other_rider, activity):
    for who in (rider, other_rider, RiderFactory()):
        services.signup_create(rider=who, activity=activity)
    staff.post(checkin_url(activity), {"code": rider.phone})
    staff.post(checkin_url(activity), {"code": other_rider.phone})

    page = staff.get(roster_url(activity)).content.decode()

    assert 'data-testid="checked-in-count">2 / 3<' in page
    assert text_of(page, "roster-paid") == "已发放 20 积分"


def test_the_roster_shows_the_deadline_and_team_only_set_at_the_desk(staff):
    activity = ActivityFactory(team_only=True)

    page = staff.get(roster_url(activity)).content.decode()

    deadline = timezone.localtime(activity.signup_deadline).strftime("%Y-%m-%d %H:%M")
    assert text_of(page, "roster-deadline") == deadline
    assert text_of(page, "roster-team-only") == "仅限队员"
    assert 'data-testid="roster-team-only"' not in staff.get(roster_url(ActivityFactory())).content.decode()


def test_an_activity_over_says_who_came_or_who_was_told_not_places_left(staff, reviewer, rider, other_rider):
    held = ActivityFactory(capacity=5)
    services.signup_create(rider=rider, activity=held)
    staff.post(checkin_url(held), {"code": rider.phone})
    services.activity_finish(actor=reviewer, activity=started(held))
    called_off = ActivityFactory(capacity=1)
    services.signup_create(rider=rider, activity=called_off)
    services.signup_create(rider=other_rider, activity=called_off)  # the waitlist
    services.activity_cancel(actor=reviewer, activity=called_off, reason="暴雨")

    finished = staff.get(roster_url(held)).content.decode()
    cancelled = staff.get(roster_url(called_off)).content.decode()

    assert text_of(finished, "roster-counts") == "已报名 1 / 5"
    assert text_of(cancelled, "roster-counts") == "已通知 2 位报名的骑手活动取消"
    assert 'data-testid="checked-in-count"' not in cancelled
