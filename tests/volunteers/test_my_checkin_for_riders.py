"""A merchant or a reviewer who opens a rider's check-in code in the app (a link passed on, a
shared phone) is told it is a rider's, as on every rider's endpoint (403 rider_only), instead
of a 404 that reads like a missing activity."""

from __future__ import annotations

import pytest

from tests.volunteers.factories import SignupFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("tail", ["my-checkin/", "my-checkin/qr.svg"])
def test_a_merchant_is_told_the_check_in_code_is_a_riders(api_for, rider, merchant_a, tail):
    activity = SignupFactory(rider=rider).activity_id

    response = api_for(merchant_a).get(f"/api/v1/activities/{activity}/{tail}", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 403
    assert response.json()["code"] == "rider_only"
    assert response.json()["message"] == "仅骑手可以使用此功能；您的账号是合作商户账号。"


@pytest.mark.parametrize("tail", ["my-checkin/", "my-checkin/qr.svg"])
def test_the_rider_still_gets_their_code(api_for, rider, tail):
    activity = SignupFactory(rider=rider).activity_id

    assert api_for(rider).get(f"/api/v1/activities/{activity}/{tail}").status_code == 200
