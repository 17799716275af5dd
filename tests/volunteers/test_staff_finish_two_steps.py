"""Finishing an activity closes its roster for good, so it takes two steps that need no
JavaScript (the roster's button opens a page that says what follows; only that page's form
acts), and it is refused before the activity has started: an activity that will not take
place is cancelled instead, which tells the riders. A street-admin review found an activity
of 12-22 finished on 12-06 with one tap."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from tests.volunteers.factories import ActivityFactory, started
from volunteers import errors, services
from volunteers.models import Activity

pytestmark = pytest.mark.django_db


def roster(activity) -> str:
    return f"/staff/activities/{activity.pk}/"


def finish_page(activity) -> str:
    return f"/staff/activities/{activity.pk}/finish/"


def state_of(activity) -> str:
    activity.refresh_from_db()
    return activity.state


def test_the_rosters_finish_button_opens_a_question_and_does_not_finish(client_for, reviewer, rider, activity):
    services.signup_create(rider=rider, activity=activity)
    started(activity)
    staff = client_for(reviewer)

    html = staff.get(roster(activity)).content.decode()
    link = re.search(r'<a [^>]*href="([^"]+)"[^>]*id="finish-activity"', html)
    assert link and link.group(1) == finish_page(activity)
    assert '<form method="post" action="' + finish_page(activity) not in html  # no one-tap form any more

    question = staff.get(link.group(1)).content.decode()

    assert 'data-testid="finish-confirm"' in question
    assert "此操作无法撤销。" in question
    assert "已报名的骑手中有 1 人尚未记录到场情况，将不获得积分。" in question
    assert 'name="confirm" value="yes"' in question
    assert state_of(activity) == Activity.State.PUBLISHED


def test_confirming_finishes_the_activity_and_the_roster_says_so_once(client_for, reviewer, activity):
    started(activity)
    staff = client_for(reviewer)

    response = staff.post(finish_page(activity), {"confirm": "yes"}, follow=True)

    assert state_of(activity) == Activity.State.FINISHED
    assert response.redirect_chain[-1][0] == roster(activity)
    # The roster's notice, not a flash in nearly the same words above it (活动已结束，名单已关闭。).
    assert [str(m) for m in response.context["messages"]] == []
    html = response.content.decode()
    assert html.count("活动已结束，签到名单已关闭。") == 1 and "名单已关闭。" not in html.replace("签到名单已关闭。", "")
    assert AuditEntry.objects.filter(action="volunteers.activity_finished", target_id=str(activity.pk)).count() == 1


def test_a_bare_post_from_an_old_page_asks_instead_of_finishing(client_for, reviewer, activity):
    started(activity)

    response = client_for(reviewer).post(finish_page(activity))

    assert response.status_code == 302 and response["Location"] == finish_page(activity)
    assert state_of(activity) == Activity.State.PUBLISHED


def test_an_activity_still_to_come_cannot_be_finished_and_staff_are_pointed_to_cancel(client_for, reviewer):
    later = ActivityFactory(starts_at=timezone.now() + timedelta(days=16))
    staff = client_for(reviewer)

    html = staff.get(roster(later)).content.decode()
    assert 'id="finish-activity"' not in html
    assert 'data-testid="finish-later"' in html and 'id="cancel-activity"' in html

    question = staff.get(finish_page(later)).content.decode()
    assert 'data-testid="finish-not-started"' in question
    assert 'name="confirm"' not in question
    assert "活动尚未开始，不能结束。如果活动不再举行，请改为取消活动。" in question

    # The form sent anyway (a page opened before, a crafted request) is refused by the service.
    response = staff.post(finish_page(later), {"confirm": "yes"}, follow=True)
    assert state_of(later) == Activity.State.PUBLISHED
    assert [str(m) for m in response.context["messages"]] == ["活动尚未开始，不能结束。如果活动不再举行，请改为取消活动。"]
    assert not AuditEntry.objects.filter(action="volunteers.activity_finished").exists()


def test_the_service_refuses_to_finish_before_the_start_whoever_calls_it(street_admin, activity):
    with pytest.raises(errors.NotStartedYet):
        services.activity_finish(actor=street_admin, activity=activity)  # starts in 30 minutes
    assert state_of(activity) == Activity.State.PUBLISHED


def test_the_api_answers_409_not_started_before_the_start(api_for, reviewer, activity):
    response = api_for(reviewer).post(f"/api/v1/activities/{activity.pk}/finish/")

    assert (response.status_code, response.json()["code"]) == (409, "not_started")
    assert state_of(activity) == Activity.State.PUBLISHED


def test_a_finished_or_cancelled_activity_has_no_finish_question(client_for, reviewer, activity):
    services.activity_cancel(actor=reviewer, activity=activity, reason="暴雨预警")

    response = client_for(reviewer).get(finish_page(activity))

    assert response.status_code == 302 and response["Location"] == roster(activity)


def test_riders_cannot_open_the_question_or_finish(client_for, rider, activity):
    started(activity)
    client = client_for(rider)
    assert client.get(finish_page(activity)).status_code == 403
    assert client.post(finish_page(activity), {"confirm": "yes"}).status_code == 403
    assert state_of(activity) == Activity.State.PUBLISHED
