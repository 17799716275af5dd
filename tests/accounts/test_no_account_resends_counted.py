"""Someone who wants to know whether a number has an account signs in by code with it and taps
"request new code" (重新发送验证码) until allauth stops offering it. For an account's number
allauth allows ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND new codes, then hides the button (the app
gets 409); a number without an account must run out at the same count, or the button still
there after the last one tells them the number has no account."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.accounts.helpers import app_post
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db

REQUEST = "/accounts/login/code/"
CONFIRM = "/accounts/login/code/confirm/"
NOBODY = "+8613912349999"
RESENDS = settings.ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND


def page_after_every_resend(client, phone: str) -> list[bool]:
    """Whether the code page offers "request new code" after each resend, one more than allowed."""
    client.post(REQUEST, {"phone": phone[3:]})
    offered = []
    for _ in range(RESENDS + 1):
        client.post(CONFIRM, {"action": "resend"})
        offered.append('id="resend-code"' in client.get(CONFIRM).content.decode())
    return offered


def test_on_the_page_a_number_without_account_runs_out_of_new_codes_as_one_with(client):
    rider = RiderFactory()
    theirs = page_after_every_resend(client, rider.phone)
    client.logout()
    client.cookies.clear()

    assert page_after_every_resend(client, NOBODY) == theirs
    assert theirs[-1] is False  # the story's premise: allauth stops offering it


def test_a_resend_past_the_last_is_answered_as_for_an_account(client):
    rider = RiderFactory()

    def last_answer(phone: str):
        client.post(REQUEST, {"phone": phone[3:]})
        for _ in range(RESENDS):
            client.post(CONFIRM, {"action": "resend"})
        response = client.post(CONFIRM, {"action": "resend"})
        return response.status_code, "验证码已发送" in response.content.decode()

    theirs = last_answer(rider.phone)
    client.logout()
    client.cookies.clear()
    assert last_answer(NOBODY) == theirs


def test_in_the_app_a_number_without_account_runs_out_of_new_codes_as_one_with(client):
    rider = RiderFactory()

    def answers(phone: str) -> list[int]:
        token = app_post(client, "/auth/code/request", {"phone": phone}).json()["meta"]["session_token"]
        return [app_post(client, "/auth/code/resend", {}, token=token).status_code for _ in range(RESENDS + 1)]

    theirs = answers(rider.phone)
    assert theirs[-1] == 409
    assert answers(NOBODY) == theirs
