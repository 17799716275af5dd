"""A new rider signs up, is called away, and types the SMS code 11 minutes later. allauth sends
them to 登录 without a word: the page did not say the code had run out, nor that the account was
already made (so signing up again fails: the number has an account), and the number was gone.
Now 登录 says what happened and what to do, with the number kept; the password brings a new code."""

from __future__ import annotations

import re
import time

import pytest

from friendlystreet.accounts.models import User
from tests.accounts.helpers import SIGNUP, last_code, texts_sent_to

pytestmark = pytest.mark.django_db

PHONE = "+8613912340099"
RAN_OUT = "验证码已过期。您的账号已创建：请在下方输入密码登录，我们会向您的手机发送新的验证码。"


def login_field(page: str) -> str:
    return re.search(r'<input[^>]*name="login"[^>]*>', page).group(0)


def test_a_sign_up_code_typed_too_late_says_so_on_the_sign_in_page_and_the_password_brings_a_new_one(client, monkeypatch):
    client.post("/accounts/signup/", {**SIGNUP, "phone": PHONE[3:]})
    code = last_code(PHONE)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 11 * 60)  # back from a delivery

    response = client.post("/accounts/phone/verify/", {"code": code}, follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/"
    page = response.content.decode()
    assert RAN_OUT in page
    assert f'value="{PHONE[3:]}"' in login_field(page)  # the number stays typed
    assert RAN_OUT not in client.get("/accounts/login/").content.decode()  # said once

    sent = len(texts_sent_to(PHONE))
    response = client.post("/accounts/login/", {"login": PHONE[3:], "password": SIGNUP["password1"]})
    assert response["Location"] == "/accounts/phone/verify/"
    assert len(texts_sent_to(PHONE)) == sent + 1  # a new code
    client.post("/accounts/phone/verify/", {"code": last_code(PHONE)})
    assert User.objects.get(phone=PHONE).phone_verified


def test_a_rider_who_verified_in_time_is_not_told_later_that_a_code_ran_out(client, monkeypatch):
    client.post("/accounts/signup/", {**SIGNUP, "phone": PHONE[3:]})
    client.post("/accounts/phone/verify/", {"code": last_code(PHONE)})
    assert User.objects.get(phone=PHONE).phone_verified
    client.post("/accounts/logout/")
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 30 * 60)

    page = client.get("/accounts/login/").content.decode()

    assert RAN_OUT not in page
    assert "验证码已过期" not in page
