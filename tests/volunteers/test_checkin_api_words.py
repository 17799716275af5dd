"""An app at the event says what the check-in page says: the check-in API answers with the
page's heading and sentence (`head`, `message`) — the points paid, a place on the waitlist, an
unreadable code — in the caller's language, not only a code the app must word itself."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import RiderFactory
from tests.volunteers.checkin_steps import checkin_url
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import services
from volunteers.models import Signup

pytestmark = pytest.mark.django_db


def api_checkin(api, activity, **body) -> dict:
    response = api.post(f"/api/v1/activities/{activity.pk}/checkin/", body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200, response.content
    return response.json()


def page_words(staff, activity, code: str) -> tuple[str, str]:
    """The check-in page's verdict: its heading and its sentence, as staff read them."""
    html = staff.post(checkin_url(activity), {"code": code}).content.decode()
    head = re.search(r'<p class="verdict-head">(?:✓ )?(.*?)</p>', html, re.S).group(1)
    message = re.search(r'<p class="verdict-message"[^>]*>(.*?)</p>', html, re.S).group(1)
    return head, message


def test_a_scan_in_the_app_says_checked_in_and_the_points_paid(api_for, reviewer, rider, activity):
    token = services.checkin_token(SignupFactory(rider=rider, activity=activity))

    first = api_checkin(api_for(reviewer), activity, token=token)
    again = api_checkin(api_for(reviewer), activity, token=token)

    assert (first["result"], first["head"], first["message"]) == ("ok", "已签到", "签到成功。已发放 10 积分。")
    assert (again["result"], again["head"], again["message"]) == (
        "already_checked_in",
        "已签到过",
        "该骑手已签到过，不会重复发放积分。",
    )


def test_the_app_and_the_page_word_every_verdict_alike(api_for, reviewer, staff):
    activity = ActivityFactory(capacity=1)
    SignupFactory(rider=RiderFactory(), activity=activity)
    queued = SignupFactory(rider=RiderFactory(), activity=activity, status=Signup.Status.WAITLISTED)
    gone = SignupFactory(rider=RiderFactory(), activity=activity, status=Signup.Status.CANCELLED, cancelled_at=timezone.now())
    stranger = RiderFactory()
    api = api_for(reviewer)

    for code in (queued.rider.phone, gone.rider.phone, stranger.phone, "13900000099", "abc"):
        answer = api_checkin(api, activity, phone=code) if code != "abc" else api_checkin(api, activity, token=code)
        assert (answer["head"], answer["message"]) == page_words(staff, activity, code), code

    waitlisted = api_checkin(api, activity, phone=queued.rider.phone)
    assert (waitlisted["result"], waitlisted["head"]) == ("not_signed_up", "候补第 1 位")
    assert waitlisted["message"] == "此骑手在候补名单中，尚无名额。"


def test_the_app_hears_the_verdict_in_its_own_language(api_for, reviewer, rider, activity):
    token = services.checkin_token(SignupFactory(rider=rider, activity=activity))

    response = api_for(reviewer).post(
        f"/api/v1/activities/{activity.pk}/checkin/", {"token": token}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    body = response.json()
    assert (body["head"], body["message"]) == ("Checked in", "Attendance recorded. 10 points paid.")


def test_the_schema_shows_the_verdicts_words(client):
    schemas = client.get(reverse("schema") + "?format=json").json()["components"]["schemas"]

    answer = schemas["ActivityCheckinApiOutput"]
    assert {"head", "message"} <= set(answer["required"])
    assert answer["properties"]["message"]["type"] == "string"
