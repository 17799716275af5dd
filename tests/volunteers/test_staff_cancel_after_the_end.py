"""An activity has ended and nobody was checked in (the organiser forgot the check-in page, or
nobody came). Its roster still offered 取消活动: cancelling then tells every rider signed up that
an activity they came to, or stayed away from, did not take place. After the end staff are
offered only 结束活动 (riders not marked attended earn nothing), and the service refuses to
cancel, in Chinese and in English: the API and an old roster page too."""

from __future__ import annotations

from datetime import timedelta

import pytest

from friendlystreet.notifications.models import Notification
from tests.volunteers.factories import ActivityFactory, started
from volunteers import errors, services
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

ENDED_ZH = "活动已结束，不能再取消：否则来参加或没来的骑手都会被告知活动没有举行。请结束活动；未记为到场的骑手不获得积分。"
ENDED_EN = (
    "This activity has ended, so it can no longer be cancelled: riders would be told that an activity they"
    " came to, or missed, did not take place. Finish it instead; riders not marked attended earn no points."
)


@pytest.fixture
def ended(rider, activity):
    """Two hours long, it began three hours ago; the rider signed up, nobody was checked in."""
    services.signup_create(rider=rider, activity=activity)
    return started(activity, ago=timedelta(hours=3))


def test_the_roster_of_an_ended_activity_offers_only_finishing(staff, ended):
    html = staff.get(f"/staff/activities/{ended.pk}/").content.decode()

    assert 'id="finish-activity"' in html
    assert 'id="cancel-form"' not in html
    assert ENDED_ZH in html


def test_the_roster_still_offers_cancelling_while_the_activity_is_under_way(staff, rider, activity):
    services.signup_create(rider=rider, activity=activity)
    started(activity, ago=timedelta(hours=1))  # ends in an hour

    html = staff.get(f"/staff/activities/{activity.pk}/").content.decode()

    assert 'id="cancel-form"' in html
    assert ENDED_ZH not in html


def test_cancelling_from_an_old_roster_page_after_the_end_is_refused(staff, ended):
    response = staff.post(f"/staff/activities/{ended.pk}/cancel/", {"reason": "忘记签到"}, follow=True)

    ended.refresh_from_db()
    assert ended.state == Activity.State.PUBLISHED
    assert [str(m) for m in response.context["messages"]] == [ENDED_ZH]
    assert not Notification.objects.filter(kind="volunteers_activity_cancelled").exists()


def test_the_service_refuses_in_english_too(reviewer, ended, settings):
    from django.utils import translation

    with translation.override("en"), pytest.raises(errors.WrongState) as refused:
        services.activity_cancel(actor=reviewer, activity=ended, reason="forgot")

    assert refused.value.message == ENDED_EN
    ended.refresh_from_db()
    assert ended.state == Activity.State.PUBLISHED


def test_the_api_answers_409_wrong_state(api_for, reviewer, ended):
    response = api_for(reviewer).post(
        f"/api/v1/activities/{ended.pk}/cancel/", {"reason": "forgot"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "wrong_state"
    assert response.json()["message"] == ENDED_EN
    assert not Notification.objects.filter(kind="volunteers_activity_cancelled").exists()


def test_finishing_it_instead_still_works(reviewer, ended):
    services.activity_finish(actor=reviewer, activity=ended)
    ended.refresh_from_db()
    assert ended.state == Activity.State.FINISHED


def test_a_draft_past_its_end_can_still_be_cancelled(reviewer):
    # Nobody can sign up to a draft and it cannot be finished: cancelling is the way to close it.
    draft = started(ActivityFactory(state=Activity.State.DRAFT), ago=timedelta(hours=3))

    services.activity_cancel(actor=reviewer, activity=draft, reason="没有举行")

    draft.refresh_from_db()
    assert draft.state == Activity.State.CANCELLED
