"""A rider cancels their sign-up from a page opened earlier: meanwhile the street office
cancelled the activity, or it started. They were told 这个活动现在不接受报名。 (as
if cancelling were signing up) or only that the deadline had passed; now they read what
happened and what it means for them, in Chinese and in English."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.venue_pages import signed_in_phone
from tests.factories import ReviewerFactory, RiderFactory
from tests.volunteers.factories import ActivityFactory
from volunteers import services
from volunteers.models import Activity, Signup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def cancel_my_sign_up(page) -> str:
    """Tap 取消报名 / Cancel my sign-up, say yes, and read the message the page then shows."""
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("cancel-signup").click()
    page.wait_for_load_state()
    return page.locator(".messages").inner_text()


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("zh-CN", "街道办已取消这个活动，您的报名已随活动取消，无需再做任何操作。"),
        ("en-GB", "The street office has cancelled this activity: your sign-up no longer holds a place, nothing more to do."),
    ],
)
def test_cancelling_from_a_page_opened_before_staff_cancelled_the_activity(live_server, browser, locale, said):
    rider = RiderFactory()
    activity = ActivityFactory(starts_at=timezone.now() + timedelta(days=2))
    services.signup_create(rider=rider, activity=activity)
    page = signed_in_phone(browser, live_server, rider, f"/activities/{activity.pk}/", locale=locale)

    services.activity_cancel(actor=ReviewerFactory(), activity=activity, reason="暴雨预警")
    message = cancel_my_sign_up(page)

    assert said in message
    assert "不接受报名" not in message and "not open for sign-up" not in message
    assert page.get_by_test_id("activity-over").is_visible()  # the page now says so too


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("zh-CN", " 开始，不能再取消报名。"),
        ("en-GB", ", so your sign-up can no longer be cancelled."),
    ],
)
def test_cancelling_from_a_page_opened_before_the_activity_started(live_server, browser, locale, said):
    # Past the deadline a rider may still cancel (tests/volunteers/test_cancel_until_the_start.py);
    # the start is the cut-off now.
    rider = RiderFactory()
    activity = ActivityFactory(starts_at=timezone.now() + timedelta(days=2))
    services.signup_create(rider=rider, activity=activity)
    page = signed_in_phone(browser, live_server, rider, f"/activities/{activity.pk}/", locale=locale)

    started = timezone.now() - timedelta(minutes=1)
    Activity.objects.filter(pk=activity.pk).update(signup_deadline=started - timedelta(hours=1), starts_at=started)
    message = cancel_my_sign_up(page)

    assert said in message
    assert timezone.localtime(started).strftime("%Y-%m-%d %H:%M") in message  # when it started
    assert Signup.objects.get(activity=activity, rider=rider).status == Signup.Status.REGISTERED
