"""A rider signed in on their phone whom the street office deactivates is told so on their next
page, in the sign-in page's words (您的账号已被街道办停用), not signed out without a word; and
that session is over, even if the account is reactivated later."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

DEACTIVATED_ZH = "您的账号已被街道办停用。如有疑问，请联系街道办。"
DEACTIVATED_EN = "Your account has been deactivated by the street office. If you have questions, contact the street office."


def flash_messages(response) -> list[str]:
    return re.findall(r'<li class="msg [^"]*">(.*?)</li>', response.content.decode(), re.S)


def signed_in_phone(rider) -> Client:
    phone = Client()
    assert phone.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD}).status_code == 302
    assert phone.get("/home/").status_code == 200
    return phone


def deactivate(street_admin, rider, client_for, active: str = "0") -> None:
    done = client_for(street_admin).post(f"/staff/users/{rider.pk}/active/", {"active": active, "reason": "骑手已离职"})
    assert done.status_code == 302


def test_a_deactivated_rider_is_told_why_on_the_next_page(client_for, rider, street_admin):
    phone = signed_in_phone(rider)
    deactivate(street_admin, rider, client_for)

    next_page = phone.get("/home/", follow=True)

    assert next_page.redirect_chain[-1][0].startswith("/accounts/login/")
    assert flash_messages(next_page) == [DEACTIVATED_ZH]
    assert flash_messages(phone.get("/accounts/login/")) == []  # once


def test_a_public_page_says_it_itself(client_for, rider, street_admin):
    phone = signed_in_phone(rider)
    deactivate(street_admin, rider, client_for)

    page = phone.get("/")

    assert page.status_code == 200
    assert flash_messages(page) == [DEACTIVATED_ZH]
    assert not page.wsgi_request.user.is_authenticated


def test_in_english_for_a_rider_who_chose_it(client_for, rider, street_admin):
    phone = signed_in_phone(rider)
    phone.cookies["django_language"] = "en"
    deactivate(street_admin, rider, client_for)

    assert flash_messages(phone.get("/home/", follow=True)) == [DEACTIVATED_EN]


def test_the_session_does_not_come_back_when_the_account_is_reactivated(client_for, rider, street_admin):
    phone = signed_in_phone(rider)
    deactivate(street_admin, rider, client_for)
    phone.get("/home/")

    deactivate(street_admin, rider, client_for, active="1")

    again = phone.get("/home/")
    assert again.status_code == 302 and again["Location"].startswith("/accounts/login/")
    assert signed_in_phone(rider).get("/home/").status_code == 200  # signing in again works


def test_riders_still_signed_in_and_visitors_see_nothing(client_for, rider, other_rider, street_admin):
    phone = signed_in_phone(rider)
    deactivate(street_admin, other_rider, client_for)

    assert flash_messages(phone.get("/home/")) == []
    assert flash_messages(Client().get("/")) == []


def test_the_app_is_told_by_its_401(client, rider, client_for, street_admin):
    credentials = {"phone": rider.phone, "password": TEST_PASSWORD}
    login = client.post("/_allauth/app/v1/auth/login", credentials, content_type="application/json")
    token = login.json()["meta"]["session_token"]
    deactivate(street_admin, rider, client_for)

    response = client.get("/api/v1/me/", headers={"X-Session-Token": token})

    assert response.status_code == 401 and response.json()["code"] == "session_expired"
