"""Someone signs in by code with a number that has no account, waits for the SMS, and taps
"request new code" (重新发送验证码), on the page or in the app. allauth failed on it (a 500,
which also told them the number has no account); now the answer is the one an account's number
gets, and nothing more is sent: the SMS they had says there is no account and how to sign up."""

from __future__ import annotations

import pytest

from tests.accounts.helpers import app_post, texts_sent_to
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db

REQUEST = "/accounts/login/code/"
CONFIRM = "/accounts/login/code/confirm/"
NOBODY = "+8613912349999"


def asks_again_on_the_page(client, phone: str):
    client.post(REQUEST, {"phone": phone[3:]})
    response = client.post(CONFIRM, {"action": "resend"})
    page = client.get(response["Location"]).content.decode()
    return response.status_code, response["Location"], page


def test_on_the_page_a_number_without_account_is_answered_as_one_with(client, django_user_model):
    rider = RiderFactory()
    theirs = asks_again_on_the_page(client, rider.phone)
    client.logout()
    client.cookies.clear()

    status, location, page = asks_again_on_the_page(client, NOBODY)

    assert (status, location) == theirs[:2] == (302, CONFIRM)
    assert "登录验证码已发送至 139\xa01234\xa09999。" in page  # as theirs says it
    assert len(texts_sent_to(rider.phone)) == 2  # their code, and a new one
    assert len(texts_sent_to(NOBODY)) == 1  # "no account yet; to sign up: …", once


def test_in_the_app_a_number_without_account_is_answered_as_one_with(client):
    rider = RiderFactory()

    def asks_again(phone: str) -> int:
        token = app_post(client, "/auth/code/request", {"phone": phone}).json()["meta"]["session_token"]
        return app_post(client, "/auth/code/resend", {}, token=token).status_code

    assert asks_again(rider.phone) == asks_again(NOBODY) == 200
    assert len(texts_sent_to(rider.phone)) == 2
    assert len(texts_sent_to(NOBODY)) == 1
