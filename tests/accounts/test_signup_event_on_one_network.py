"""A sign-up event: the street office invites riders to a rest station, and they sign up one after
another on its Wi-Fi, all from one address. Each gets their code and verifies. allauth's own limit
on phone verification codes (3 a minute for an address) made the fourth in a minute a 429 after
its account was created, with no code sent: that rider was stuck. Codes are limited by number
(one each 30 s) and by address as generously as sign-up itself (settings.ACCOUNT_RATE_LIMITS)."""

from __future__ import annotations

import pytest
from django.test import Client

from friendlystreet.accounts.models import User
from tests.accounts import helpers

pytestmark = pytest.mark.django_db

STATION_WIFI = "203.0.113.7"


def test_ten_riders_sign_up_in_a_minute_on_one_wifi_and_each_verifies():
    for n in range(10):
        phone = f"+86139000004{n:02d}"
        rider = Client(REMOTE_ADDR=STATION_WIFI)
        response = rider.post("/accounts/signup/", {**helpers.SIGNUP, "phone": phone[3:], "display_name": f"骑手{n}"})
        assert response.status_code == 302, (n, response.status_code)
        assert response["Location"] == "/accounts/phone/verify/", n
        assert len(helpers.texts_sent_to(phone)) == 1, n

        verified = rider.post("/accounts/phone/verify/", {"code": helpers.last_code(phone)})
        assert verified.status_code == 302, (n, verified.status_code)
        assert User.objects.get(phone=phone).phone_verified, n
