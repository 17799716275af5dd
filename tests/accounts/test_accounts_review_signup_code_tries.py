"""A new rider who types wrong codes at sign-up until the codes run out is told how to go on
(accounts review, December 2026): they landed on the login page with only "验证码错误次数过多，
请重新获取验证码。", which has no way to ask for one for the number they just signed up with; the
account exists, and signing in with the number and the password sends a new code."""

from __future__ import annotations

import time

import pytest

from tests.accounts import helpers
from tests.accounts.helpers import last_code

pytestmark = pytest.mark.django_db

PHONE = "+8613900000301"
SAY = {
    "zh-hans": "验证码错误次数过多。请 1 分钟后在下方用手机号和密码登录，届时会发送新的验证码。",
    "en": "Too many wrong codes. In a minute, sign in below with your mobile number and password: a new code will be sent.",
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_after_the_last_wrong_code_at_sign_up_the_rider_is_told_to_sign_in_for_a_new_one(client, language, monkeypatch):
    client.post("/accounts/signup/", {**helpers.SIGNUP, "phone": PHONE[3:]}, HTTP_ACCEPT_LANGUAGE=language)
    wrong = "000000" if last_code(PHONE) != "000000" else "111111"
    response = None
    for _ in range(10):
        response = client.post("/accounts/phone/verify/", {"code": wrong}, HTTP_ACCEPT_LANGUAGE=language, follow=True)
        if response.redirect_chain:
            break

    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert SAY[language] in response.content.decode()

    # What it says works: a minute later, the number and the password lead to a new code.
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    sent = len(helpers.texts_sent_to(PHONE))
    after = client.post("/accounts/login/", {"login": PHONE[3:], "password": helpers.SIGNUP["password1"]})
    assert after["Location"] == "/accounts/phone/verify/"
    assert len(helpers.texts_sent_to(PHONE)) == sent + 1
