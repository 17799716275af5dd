"""A rider opens an activity staff have cancelled or finished. A street-admin review found the
page of a cancelled activity still saying 报名成功 (or 候补第 1 位 … 会自动递补) with 添加到日历
and no word of the cancellation: it now says 活动已取消 with the reason staff gave, and a
finished activity says it is over."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.html import text_of
from tests.volunteers.factories import ActivityFactory, started
from volunteers import services

pytestmark = pytest.mark.django_db


def detail(activity) -> str:
    return reverse("volunteers:activity_detail", args=[activity.pk])


def cancel_through_the_roster(client_for, reviewer, activity, reason: str) -> None:
    response = client_for(reviewer).post(f"/staff/activities/{activity.pk}/cancel/", {"reason": reason})
    assert response.status_code == 302


def test_a_signed_up_rider_sees_the_cancellation_and_its_reason_instead_of_signed_up(client_for, rider, reviewer):
    activity = ActivityFactory(title="周末清洁")
    services.signup_create(rider=rider, activity=activity)
    rider_client = client_for(rider)
    assert "报名成功" in rider_client.get(detail(activity)).content.decode()  # before

    cancel_through_the_roster(client_for, reviewer, activity, "暴雨预警，活动取消")

    html = rider_client.get(detail(activity)).content.decode()
    assert 'data-testid="activity-over"' in html
    assert "活动已取消" in html
    assert "原因：暴雨预警，活动取消" in html
    assert "报名成功" not in html
    assert 'data-testid="checkin-qr"' not in html
    assert 'data-testid="ics"' not in html and "添加到日历" not in html
    assert 'data-testid="cancel-signup"' not in html and 'data-testid="signup"' not in html


def test_a_waitlisted_rider_is_not_told_they_will_move_up(client_for, rider, other_rider, reviewer):
    activity = ActivityFactory(capacity=1)
    services.signup_create(rider=other_rider, activity=activity)
    services.signup_create(rider=rider, activity=activity)
    rider_client = client_for(rider)
    assert "候补第 1 位" in rider_client.get(detail(activity)).content.decode()  # before

    cancel_through_the_roster(client_for, reviewer, activity, "场地临时占用")

    html = rider_client.get(detail(activity)).content.decode()
    assert "活动已取消" in html and "原因：场地临时占用" in html
    assert "候补第" not in html
    assert "自动递补" not in html
    assert 'data-testid="places"' not in html and 'data-testid="waitlist"' not in html


def test_the_public_sees_the_cancellation_without_a_sign_in_button(client, reviewer, client_for):
    activity = ActivityFactory()
    cancel_through_the_roster(client_for, reviewer, activity, "暴雨预警")

    html = client.get(detail(activity)).content.decode()

    assert "活动已取消" in html and "原因：暴雨预警" in html
    assert 'data-testid="ics"' not in html
    assert "登录后报名" not in html


def test_a_finished_activity_says_it_is_over_and_whether_the_rider_checked_in(client_for, rider, other_rider, reviewer):
    activity = ActivityFactory()
    came = services.signup_create(rider=rider, activity=activity).signup
    services.signup_create(rider=other_rider, activity=activity)
    services.attendance_record(actor=reviewer, signup=came, attended=True)
    started(activity)
    services.activity_finish(actor=reviewer, activity=activity)

    html = client_for(rider).get(detail(activity)).content.decode()
    assert "活动已结束" in html
    assert 'data-testid="attended"' in html and "已签到" in html
    assert "报名成功" not in html
    assert 'data-testid="checkin-qr"' not in html and 'data-testid="ics"' not in html

    other = client_for(other_rider).get(detail(activity)).content.decode()
    assert "活动已结束" in other and "未签到" in other
    assert "报名成功" not in other


def test_a_finished_activity_tells_what_was_not_what_is_on_offer(client_for, rider, other_rider, reviewer):
    """What checking in paid, and no places left, points on offer, deadline or way there."""
    activity = ActivityFactory(lat=30.65, lng=104.12)  # its rule pays 10 points for attending
    came = services.signup_create(rider=rider, activity=activity).signup
    services.attendance_record(actor=reviewer, signup=came, attended=True)
    started(activity)
    services.activity_finish(actor=reviewer, activity=activity)

    html = client_for(rider).get(detail(activity)).content.decode()
    assert text_of(html, "paid") == "+10 积分"
    for gone in ('data-testid="places"', 'data-testid="points-offer"', "报名截止", 'class="vol-map"'):
        assert gone not in html, gone
    # A rider who was not signed up gets no empty card of their own.
    assert 'id="my-signup"' not in client_for(other_rider).get(detail(activity)).content.decode()


def test_a_cancelled_activity_has_no_card_of_the_riders_own_and_no_way_there(client_for, rider, reviewer):
    activity = ActivityFactory(lat=30.65, lng=104.12)
    services.signup_create(rider=rider, activity=activity)
    cancel_through_the_roster(client_for, reviewer, activity, "暴雨预警")

    html = client_for(rider).get(detail(activity)).content.decode()
    assert 'id="my-signup"' not in html and 'class="vol-map"' not in html
    assert "活动已取消" in html


def test_a_published_activity_still_offers_the_calendar(client_for, rider, activity):
    services.signup_create(rider=rider, activity=activity)

    html = client_for(rider).get(detail(activity)).content.decode()

    assert 'data-testid="ics"' in html and 'data-testid="activity-over"' not in html
