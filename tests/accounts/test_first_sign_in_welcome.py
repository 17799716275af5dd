"""The first sign-in of an account (its last_login empty) is a welcome, not "welcome back": a
partner operator whose account the street office opened read 欢迎回来 the first time they came,
and is told their home page is where they redeem vouchers. Later sign-ins still say 欢迎回来."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import last_code
from tests.factories import TEST_PASSWORD, PartnerFactory, ReviewerFactory, RiderFactory

pytestmark = pytest.mark.django_db


def told(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def sign_in_with_password(client: Client, user, login: str, next_page: str = ""):
    data = {"login": login, "password": TEST_PASSWORD} | ({"next": next_page} if next_page else {})
    return client.post("/accounts/login/", data, follow=True)


def sign_in_with_code(client: Client, user):
    client.post("/accounts/login/code/", {"phone": user.phone[3:]})
    return client.post("/accounts/login/code/confirm/", {"code": last_code(user.phone)}, follow=True)


def test_a_partner_operator_signing_in_for_the_first_time_is_welcomed_on_their_redemption_page():
    partner = PartnerFactory(display_name="老街面馆")
    assert partner.last_login is None

    response = sign_in_with_code(Client(), partner)

    assert told(response)[-1] == "欢迎，老街面馆！首页就是您的核销页面。"  # after "code sent"
    partner.refresh_from_db()
    assert partner.last_login is not None
    # The next time, they are back.
    again = sign_in_with_password(Client(), partner, partner.phone[3:])
    assert told(again) == ["欢迎回来，老街面馆！"]


def test_a_staff_member_signing_in_for_the_first_time_is_welcomed_in_english_too():
    reviewer = ReviewerFactory(display_name="Lin")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    # Signing in from a staff page: the home page would greet them by its heading instead.
    response = sign_in_with_password(client, reviewer, reviewer.username, next_page="/staff/")

    assert told(response) == ["Welcome, Lin!"]


def test_a_rider_who_signed_in_before_is_welcomed_back():
    rider = RiderFactory(display_name="王小骑", last_login=timezone.now())

    response = sign_in_with_password(Client(), rider, rider.phone[3:], next_page="/rewards/")

    assert told(response) == ["欢迎回来，王小骑！"]
