"""Review of activities, the points: riders see what an activity pays on its card and its
page (参加可得 10 积分; a per-hour rule: 每小时 10 积分，本次约 20 积分), the admin sees
each rule's amount when choosing it, and the roster says what attending pays."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.points.factories import RuleFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.models import Activity, Signup

pytestmark = pytest.mark.django_db

LIST = "/activities/"


def card(html: str, activity: Activity) -> str:
    start = html.index(f'data-id="{activity.pk}"')
    return html[start : html.index("</li>", start)]


def test_the_cards_and_the_page_say_what_attending_pays(client_for, rider):
    once = ActivityFactory(title="成龙路口早高峰秩序引导")  # the attendance rule: 10 points a time
    hourly = ActivityFactory(title="驿都社区街道清洁", rule=RuleFactory(name="志愿服务时长", points=10, unit="hour"))
    Activity.objects.filter(pk=hourly.pk).update(ends_at=hourly.starts_at + timedelta(hours=2))
    rider_client = client_for(rider)

    html = rider_client.get(LIST).content.decode()

    assert "参加可得 10 积分" in card(html, once)
    assert "每小时 10 积分，本次约 20 积分" in card(html, hourly)
    detail = rider_client.get(f"/activities/{hourly.pk}/").content.decode()
    assert re.search(r'data-testid="points-offer">每小时 10 积分，本次约 20 积分<', detail)
    assert "参加可得 10 积分" in rider_client.get(f"/activities/{once.pk}/").content.decode()
    # My activities too.
    SignupFactory(activity=once, rider=rider)
    assert "参加可得 10 积分" in card(rider_client.get(LIST + "?mine=1").content.decode(), once)


def test_a_rule_switched_off_promises_nothing(client):
    activity = ActivityFactory(rule=RuleFactory(points=10, active=False))

    html = client.get(LIST).content.decode()

    assert 'data-testid="points-offer"' not in card(html, activity)
    assert 'data-testid="points-offer"' not in client.get(f"/activities/{activity.pk}/").content.decode()


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_points_cost_no_query_per_card(client_for, rider):
    rider_client = client_for(rider)
    for _ in range(2):
        SignupFactory(activity=ActivityFactory(rule=RuleFactory(points=5, unit="hour")), rider=rider)
    few = (queries(rider_client, LIST), queries(rider_client, LIST + "?mine=1"))
    for _ in range(8):
        SignupFactory(activity=ActivityFactory(rule=RuleFactory(points=5, unit="hour")), rider=rider)

    assert (queries(rider_client, LIST), queries(rider_client, LIST + "?mine=1")) == few


def test_the_admin_chooses_a_rule_by_what_it_pays(client_for, street_admin):
    RuleFactory(name="志愿服务时长", points=10, unit="hour")

    html = client_for(street_admin).get("/staff/activities/new/").content.decode()

    assert "参加志愿活动（10 积分/次）" in html
    assert "志愿服务时长（10 积分/小时）" in html


def test_the_roster_names_the_rule_and_its_points(client_for, reviewer, rider):
    activity = ActivityFactory()
    SignupFactory(activity=activity, rider=rider, status=Signup.Status.REGISTERED)

    html = client_for(reviewer).get(f"/staff/activities/{activity.pk}/").content.decode()

    assert re.search(r'data-testid="roster-rule">参加志愿活动 · <span data-testid="roster-points">参加可得 10 积分</span>', html)
