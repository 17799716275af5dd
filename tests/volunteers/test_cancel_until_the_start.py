"""A rider who cannot come gives their place back after the sign-up deadline, until the activity
starts: the first rider on the waitlist gets it and is told, as before the deadline. Before, the
page said "tell the street office" and the place stayed empty while others waited. Once the
activity has started, cancelling is refused in words (Chinese and English), the page and the API
alike, and nothing changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory
from volunteers import services
from volunteers.models import Activity, Signup

pytestmark = pytest.mark.django_db

STARTED = {
    "zh-hans": "这个活动已于 {start} 开始，不能再取消报名。",
    "en": "This activity started at {start}, so your sign-up can no longer be cancelled.",
}
WHERE_THE_PLACE_GOES = {
    "zh-hans": "报名已截止。如果不能参加，在活动开始前仍可取消报名，您的名额将让给下一位候补的骑手。",
    "en": "Sign-up has closed. If you cannot come, you can still cancel until the activity starts: your place then "
    "goes to the next rider waiting.",
}


@pytest.fixture
def full_activity(rider, other_rider):
    """One place, held by `rider`; `other_rider` first on the waitlist, a third rider after them."""
    activity = ActivityFactory(capacity=1, starts_at=timezone.now() + timedelta(hours=3))
    services.signup_create(rider=rider, activity=activity)
    services.signup_create(rider=other_rider, activity=activity)
    services.signup_create(rider=RiderFactory(), activity=activity)
    return activity


def past_the_deadline(activity) -> None:
    Activity.objects.filter(pk=activity.pk).update(signup_deadline=timezone.now() - timedelta(minutes=5))


def started(activity):
    """The activity began a minute ago (its deadline before that); returns the start."""
    start = timezone.now() - timedelta(minutes=1)
    Activity.objects.filter(pk=activity.pk).update(signup_deadline=start - timedelta(hours=1), starts_at=start)
    return start


def status_of(activity, rider) -> str:
    return Signup.objects.get(activity=activity, rider=rider).status


def promoted(rider) -> int:
    return Notification.objects.filter(recipient=rider, kind="volunteers_waitlist_promoted").count()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_after_the_deadline_the_page_offers_cancelling_and_says_the_place_goes_to_the_next(
    client_for, rider, full_activity, lang
):
    past_the_deadline(full_activity)

    page = client_for(rider).get(f"/activities/{full_activity.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()

    assert 'data-testid="cancel-after-deadline"' in page
    assert WHERE_THE_PLACE_GOES[lang] in page
    assert 'data-testid="cancel-signup"' in page
    assert 'data-testid="signup"' not in page  # signing up stays closed


def test_cancelling_after_the_deadline_gives_the_place_to_the_first_waiting_who_is_told(
    client_for, rider, other_rider, full_activity
):
    past_the_deadline(full_activity)
    third = Signup.objects.exclude(rider__in=[rider, other_rider]).get(activity=full_activity).rider

    response = client_for(rider).post(
        f"/activities/{full_activity.pk}/cancel-signup/", follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert "已取消报名。" in response.content.decode()
    assert status_of(full_activity, rider) == Signup.Status.CANCELLED
    assert status_of(full_activity, other_rider) == Signup.Status.REGISTERED
    assert promoted(other_rider) == 1
    assert status_of(full_activity, third) == Signup.Status.WAITLISTED
    assert promoted(third) == 0


def test_a_waitlisted_rider_may_leave_the_waitlist_after_the_deadline(client_for, other_rider, full_activity):
    past_the_deadline(full_activity)
    page = client_for(other_rider).get(f"/activities/{full_activity.pk}/").content.decode()
    assert 'data-testid="cancel-signup"' in page and 'data-testid="cancel-after-deadline"' not in page

    client_for(other_rider).post(f"/activities/{full_activity.pk}/cancel-signup/")

    assert status_of(full_activity, other_rider) == Signup.Status.CANCELLED


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_once_the_activity_has_started_cancelling_is_refused_in_words(client_for, rider, other_rider, full_activity, lang):
    start = started(full_activity)
    said = STARTED[lang].format(start=timezone.localtime(start).strftime("%Y-%m-%d %H:%M"))
    client = client_for(rider)

    assert 'data-testid="cancel-signup"' not in client.get(f"/activities/{full_activity.pk}/").content.decode()
    response = client.post(f"/activities/{full_activity.pk}/cancel-signup/", follow=True, HTTP_ACCEPT_LANGUAGE=lang)

    assert said in response.content.decode()
    assert status_of(full_activity, rider) == Signup.Status.REGISTERED
    assert status_of(full_activity, other_rider) == Signup.Status.WAITLISTED
    assert promoted(other_rider) == 0


def test_the_api_cancels_after_the_deadline_through_the_same_service(api_for, rider, other_rider, full_activity):
    past_the_deadline(full_activity)

    response = api_for(rider).post(f"/api/v1/activities/{full_activity.pk}/cancel-signup/")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert status_of(full_activity, other_rider) == Signup.Status.REGISTERED
    assert promoted(other_rider) == 1


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_api_refuses_cancelling_once_started_and_changes_nothing(api_for, rider, other_rider, full_activity, lang):
    start = started(full_activity)

    response = api_for(rider).post(f"/api/v1/activities/{full_activity.pk}/cancel-signup/", HTTP_ACCEPT_LANGUAGE=lang)

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "deadline_passed"
    assert body["message"] == STARTED[lang].format(start=timezone.localtime(start).strftime("%Y-%m-%d %H:%M"))
    assert status_of(full_activity, rider) == Signup.Status.REGISTERED
    assert status_of(full_activity, other_rider) == Signup.Status.WAITLISTED
    assert promoted(other_rider) == 0
