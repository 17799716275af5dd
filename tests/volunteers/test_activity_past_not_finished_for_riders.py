"""An activity ended yesterday and the organiser has not pressed 结束活动 yet. My activities
already lists it under 已结束或已取消; its own page said the same thing as before it began:
places left, the points on offer, the map, 报名已截止, the check-in QR with "show this code to
the staff at the activity" and 添加到日历. Now it says the activity is over and whether the
rider checked in, as for a finished one. While check-in is still open (two hours after the
end), a rider not yet checked in still has their code."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.volunteers.factories import ActivityFactory, SignupFactory, started
from volunteers import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def yesterday(rider):
    activity = started(ActivityFactory(title="消防通道巡查", venue=None, lat=30.6, lng=104.1), ago=timedelta(days=1))
    SignupFactory(activity=activity, rider=rider)
    return activity


def test_a_rider_reads_an_activity_of_yesterday_as_over(client_for, rider, yesterday):
    html = client_for(rider).get(f"/activities/{yesterday.pk}/").content.decode()

    assert 'data-testid="activity-over"' in html
    assert 'data-testid="my-status">未签到<' in html
    for gone in ('data-testid="checkin-qr"', 'data-testid="places"', 'data-testid="points-offer"', 'data-testid="ics"'):
        assert gone not in html, gone
    assert "报名已截止" not in html
    assert "vol-map" not in html


def test_my_activities_and_its_page_agree(client_for, rider, yesterday):
    listed = client_for(rider).get("/activities/?mine=1").context["finished"]

    assert [a.pk for a in listed] == [yesterday.pk]
    assert selectors.is_over(yesterday)


def test_a_visitor_reads_it_as_over_too(client, yesterday):
    html = client.get(f"/activities/{yesterday.pk}/").content.decode()

    assert 'data-testid="activity-over"' in html
    assert 'data-testid="places"' not in html


def test_just_after_the_end_the_code_is_still_shown_while_check_in_is_open(client_for, rider):
    activity = started(ActivityFactory(), ago=timedelta(hours=3))  # ended an hour ago; check-in open an hour more
    SignupFactory(activity=activity, rider=rider)

    html = client_for(rider).get(f"/activities/{activity.pk}/").content.decode()

    assert 'data-testid="activity-over"' in html
    assert 'data-testid="checkin-qr"' in html
