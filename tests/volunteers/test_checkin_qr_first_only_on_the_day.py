"""The rider's activity page puts the check-in QR before the description (and before when and
where) only on the day, to a rider who holds a place: at the door it is what they need first
(tests/browser/test_activity_checkin_qr_first_on_the_day.py). Other days, and a rider on the
waitlist, read the page as before: the code, if any, in their sign-up card after the description."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.models import Signup

pytestmark = pytest.mark.django_db


def page_of(client_for, rider, activity) -> str:
    return client_for(rider).get(f"/activities/{activity.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_on_the_day_a_rider_with_a_place_sees_the_code_before_the_description(client_for, rider):
    activity = ActivityFactory()  # starts in half an hour: check-in is open
    SignupFactory(activity=activity, rider=rider)

    html = page_of(client_for, rider, activity)

    assert html.count('data-testid="checkin-qr"') == 1
    first = html.index('data-testid="checkin-first"')
    assert first < html.index('class="vol-description"') and first < html.index('class="facts"')
    assert html.index('data-testid="checkin-qr"') > first
    assert "出示此码" in html[first : html.index('class="facts"')]
    assert 'data-testid="my-status"' in html  # the sign-up card still says they are signed up


def test_another_day_the_code_stays_in_the_sign_up_card_after_the_description(client_for, rider):
    activity = ActivityFactory(starts_at=timezone.now() + timedelta(days=2))
    SignupFactory(activity=activity, rider=rider)

    html = page_of(client_for, rider, activity)

    assert 'data-testid="checkin-first"' not in html
    assert html.count('data-testid="checkin-qr"') == 1
    assert html.index('class="vol-description"') < html.index('id="my-signup"') < html.index('data-testid="checkin-qr"')


def test_on_the_day_a_rider_on_the_waitlist_has_no_code_first(client_for, rider):
    activity = ActivityFactory()
    SignupFactory(activity=activity, rider=rider, status=Signup.Status.WAITLISTED)

    html = page_of(client_for, rider, activity)

    assert 'data-testid="checkin-first"' not in html and 'data-testid="checkin-qr"' not in html
