"""Signing in, as the accounts review found it (#8, #10, #13, #21, #22; api review #18): an
expired code says so and keeps the number; a deactivated account is told who stopped it and
gets no code; the messages about codes and passwords say what happened; the English code page
is in our words; the phone field shows the shape of a number, not a real one."""

from __future__ import annotations

import re
import time

import pytest
from django.utils import translation

from friendlystreet.accounts.adapter import AccountAdapter
from tests.accounts.helpers import last_code, texts_sent_to
from tests.factories import TEST_PASSWORD, RiderFactory

pytestmark = pytest.mark.django_db

REQUEST = "/accounts/login/code/"
CONFIRM = "/accounts/login/code/confirm/"


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def phone_field(page: str) -> str:
    return re.search(r'<input[^>]*name="phone"[^>]*>', page).group(0)


# --- #8: an expired code ------------------------------------------------------------------


def test_a_code_typed_after_ten_minutes_says_it_expired_and_keeps_the_number(client, rider, monkeypatch):
    client.post(REQUEST, {"phone": rider.phone[3:]})
    code = last_code(rider.phone)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 11 * 60)  # the rider comes back to the page later

    response = client.post(CONFIRM, {"code": code}, follow=True)

    page = html_of(response)
    assert response.redirect_chain[-1][0] == REQUEST
    assert "验证码已过期，请重新获取。" in page
    assert f'value="{rider.phone[3:]}"' in phone_field(page)
    # Said once: the page opened again later is the plain one.
    assert "验证码已过期" not in html_of(client.get(REQUEST))


# --- #13: what the code messages say ------------------------------------------------------


def test_three_wrong_codes_say_so_and_a_new_code_can_be_asked_at_once(client, rider):
    client.post(REQUEST, {"phone": rider.phone[3:]})
    wrong = "000000" if last_code(rider.phone) != "000000" else "111111"
    for _ in range(2):
        client.post(CONFIRM, {"code": wrong})

    response = client.post(CONFIRM, {"code": wrong}, follow=True)

    page = html_of(response)
    assert "验证码错误次数过多，请重新获取验证码。" in page and "登录失败" not in page
    assert f'value="{rider.phone[3:]}"' in phone_field(page)
    assert client.post(REQUEST, {"phone": rider.phone[3:]}).status_code == 302


def test_asking_for_codes_too_often_says_codes_not_failed_logins(client, rider, monkeypatch):
    for _ in range(3):
        client.post(REQUEST, {"phone": rider.phone[3:]})
        client.post("/accounts/logout/")  # 取消 on the code page, then ask again

    page = html_of(client.post(REQUEST, {"phone": rider.phone[3:]}))

    assert "获取验证码太频繁，请 1 分钟后再试。" in page and "登录失败" not in page
    assert len(texts_sent_to(rider.phone)) == 3

    # What it says holds: a minute later the code comes.
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    assert client.post(REQUEST, {"phone": rider.phone[3:]}).status_code == 302
    assert len(texts_sent_to(rider.phone)) == 4


def test_five_wrong_passwords_still_say_too_many_failed_logins(client, rider):
    for _ in range(5):
        client.post("/accounts/login/", {"login": rider.phone[3:], "password": "a-wrong-guess"})

    page = html_of(client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD}))

    assert "登录失败次数过多" in page


def test_a_wrong_current_password_says_it_is_not_correct(client_for, rider):
    page = html_of(
        client_for(rider).post(
            "/accounts/password/change/",
            {"oldpassword": "not-my-password", "password1": "New-pass-for-2027", "password2": "New-pass-for-2027"},
        )
    )

    assert "当前密码不正确。" in page and "请输入您的当前密码" not in page


def test_after_a_password_change_the_rider_is_back_on_the_profile(client_for, rider):
    client = client_for(rider)
    page = html_of(client.get("/accounts/password/change/"))
    assert 'href="/profile/"' in page and "返回我的资料" in page

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": TEST_PASSWORD, "password1": "New-pass-for-2027", "password2": "New-pass-for-2027"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/profile/"
    assert "密码修改成功。" in html_of(response)


# --- api #18: the sign-in refusal --------------------------------------------------------


def test_a_wrong_password_reads_mobile_number_or_password(client, rider):
    page = html_of(client.post("/accounts/login/", {"login": rider.phone[3:], "password": "a-wrong-guess"}))

    assert "手机号或密码不正确。" in page and "和/或" not in page


def test_the_app_refusal_reads_the_same(client, rider):
    response = client.post(
        "/_allauth/app/v1/auth/login", {"phone": rider.phone, "password": "a-wrong-guess"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert [e["message"] for e in response.json()["errors"]] == ["手机号或密码不正确。"]


# --- #10: a deactivated account ------------------------------------------------------------


@pytest.fixture
def deactivated(db):
    return RiderFactory(display_name="朱丽", is_active=False)


def test_a_deactivated_rider_signing_in_is_told_the_street_office_stopped_the_account(client, deactivated):
    response = client.post("/accounts/login/", {"login": deactivated.phone[3:], "password": TEST_PASSWORD}, follow=True)

    page = html_of(response)
    assert "您的账号已被街道办停用。如有疑问，请联系街道办。" in page
    assert "账号已停用" in page
    assert "未激活" not in page and "帐" not in page


def test_a_deactivated_rider_gets_no_sign_in_code_but_an_sms_saying_why(client, deactivated):
    client.post(REQUEST, {"phone": deactivated.phone[3:]})

    (text,) = texts_sent_to(deactivated.phone)
    assert not re.search(r"\d{6}", text)
    assert "您的友好街道账号已被街道办停用" in text and "如有疑问，请联系街道办" in text


# --- #21 and #22: the English code page; the phone field's example ------------------------


def test_the_english_code_page_is_in_our_words(client):
    client.cookies["django_language"] = "en"

    page = html_of(client.get(REQUEST))

    assert "We will text a sign-in code to your mobile number." in page
    assert "Get the code" in page
    assert "special code" not in page and "Request Code" not in page


def test_the_phone_field_shows_the_shape_of_a_number_not_a_real_one(client):
    for address in ("/accounts/signup/", REQUEST):
        field = phone_field(html_of(client.get(address)))
        assert 'placeholder="138xxxxxxxx"' in field
        assert "13800000001" not in field


def test_every_new_sms_text_is_in_chinese_for_a_chinese_rider(deactivated):
    with translation.override("zh-hans"):
        AccountAdapter().send_verification_code_sms(deactivated, deactivated.phone, "123456")

    (text,) = texts_sent_to(deactivated.phone)
    assert not re.search(r"[A-Za-z]{2,}", text)
