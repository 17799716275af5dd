"""A rider's app lists their activities through the API. When staff cancelled one, it vanished
from `?mine=1` and its detail answered 404, while the page and the notice said 活动已取消 with
the reason: the app's rider could not learn what happened. Now the riders signed up keep it,
with its state and the reason; everyone else still gets 404, and cancelling from the app names
what happened."""

from __future__ import annotations

import pytest

from tests.volunteers.factories import ActivityFactory
from volunteers import services

pytestmark = pytest.mark.django_db


def test_a_signed_up_rider_learns_in_the_api_that_staff_cancelled_and_why(api_for, rider, other_rider, reviewer):
    activity = ActivityFactory(title="周末清洁")
    services.signup_create(rider=rider, activity=activity)
    cancelled = api_for(reviewer).post(f"/api/v1/activities/{activity.pk}/cancel/", {"reason": "暴雨预警"}, format="json")
    assert cancelled.status_code == 200

    app = api_for(rider)
    mine = app.get("/api/v1/activities/?mine=1").json()["results"]
    assert [(a["id"], a["state"]) for a in mine] == [(activity.pk, "cancelled")]
    detail = app.get(f"/api/v1/activities/{activity.pk}/")
    assert detail.status_code == 200
    assert (detail.json()["state"], detail.json()["cancel_reason"]) == ("cancelled", "暴雨预警")
    assert detail.json()["my_signup"]["status"] == "registered"

    refused = app.post(f"/api/v1/activities/{activity.pk}/cancel-signup/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 409
    assert refused.json()["message"] == "街道办已取消这个活动，您的报名已随活动取消，无需再做任何操作。"

    # Riders who were not signed up, and the public, still find no cancelled activity.
    assert api_for(other_rider).get(f"/api/v1/activities/{activity.pk}/").status_code == 404
    assert api_for(other_rider).get("/api/v1/activities/?mine=1").json()["results"] == []
    assert api_for(None).get(f"/api/v1/activities/{activity.pk}/").status_code == 404


def test_an_open_activity_has_no_cancel_reason(api_for, rider):
    activity = ActivityFactory()
    assert api_for(rider).get(f"/api/v1/activities/{activity.pk}/").json()["cancel_reason"] == ""
