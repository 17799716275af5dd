"""Staff tick 已到场 on a roster opened before a rider lost their place (a colleague moved them
back to the waitlist): the roster said 该骑手没有报名本活动。, as if they had never signed up.
It now says what the check-in page and the API say of the same rider (checkin_words):
候补第 1 位 and 此骑手在候补名单中，尚无名额。, with the rider's name; nothing is paid."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from points.models import Claim
from tests.factories import RiderFactory
from tests.volunteers.checkin_steps import checkin_url
from tests.volunteers.factories import ActivityFactory, SignupFactory, started
from volunteers.models import Signup

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(db):
    activity = started(ActivityFactory(title="成龙路口早高峰秩序引导", capacity=1))
    SignupFactory(activity=activity, rider=RiderFactory())
    return activity


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_ticking_a_rider_on_the_waitlist_says_where_they_stand_as_the_checkin_page_does(staff, full):
    waiting = SignupFactory(activity=full, rider=RiderFactory(), status=Signup.Status.WAITLISTED)

    response = staff.post(reverse("volunteers:staff_attendance", args=[full.pk, waiting.pk]), {"attended": "1"}, follow=True)

    name = waiting.rider.masked_name
    assert said(response) == [f"{name}：候补第 1 位。此骑手在候补名单中，尚无名额。"]
    assert "没有报名" not in response.content.decode()
    door = staff.post(checkin_url(full), {"code": waiting.rider.phone}).content.decode()
    assert re.search(r'<p class="verdict-head">候补第 1 位</p>', door)
    assert "此骑手在候补名单中，尚无名额。" in door
    waiting.refresh_from_db()
    assert waiting.status == Signup.Status.WAITLISTED and waiting.attendance == Signup.Attendance.UNKNOWN
    assert not Claim.objects.filter(rider=waiting.rider).exists()


def test_in_english(staff, full):
    waiting = SignupFactory(activity=full, rider=RiderFactory(), status=Signup.Status.WAITLISTED)
    staff.cookies["django_language"] = "en"

    response = staff.post(reverse("volunteers:staff_attendance", args=[full.pk, waiting.pk]), {"attended": "1"}, follow=True)

    assert said(response) == [
        f"{waiting.rider.masked_name} — On the waitlist: number 1. This rider is on the waitlist and has no place yet."
    ]
