"""After too many failed sign-ins a rider reads how long to wait (at most 5 minutes: the longest
window of ACCOUNT_RATE_LIMITS["login_failed"]) and that an SMS code works meanwhile; an app gets
the same message and Retry-After with allauth's 400. allauth's other refusals in the app API
(its 429s) carry Retry-After too."""

from __future__ import annotations

import pytest

from tests.accounts.helpers import APP
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOCKED_ZH = "登录失败次数过多，请 5 分钟后再试，或用短信验证码登录。"
LOCKED_EN = "Too many failed sign-ins. Please try again in 5 minutes, or sign in with an SMS code."


def app_login(client, phone: str, password: str, language: str = "zh-hans"):
    return client.post(
        f"{APP}/auth/login",
        {"phone": phone, "password": password},
        content_type="application/json",
        headers={"Accept-Language": language},
    )


def test_a_locked_out_rider_reads_how_long_to_wait_on_the_sign_in_page(client, rider):
    for _ in range(5):
        client.post("/accounts/login/", {"login": rider.phone[3:], "password": "a-wrong-guess"})

    page = client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD})

    assert page.status_code == 200 and not page.wsgi_request.user.is_authenticated
    text = page.content.decode()
    assert LOCKED_ZH in text
    assert 'id="login-by-code"' in text  # the way in meanwhile, on the same page


def test_the_page_says_it_in_english(client, rider):
    client.cookies["django_language"] = "en"
    for _ in range(5):
        client.post("/accounts/login/", {"login": rider.phone[3:], "password": "a-wrong-guess"})

    page = client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD})

    assert LOCKED_EN in page.content.decode()


@pytest.mark.parametrize(("language", "message"), [("zh-hans", LOCKED_ZH), ("en", LOCKED_EN)])
def test_an_app_gets_the_wait_in_the_message_and_in_retry_after(client, rider, language, message):
    for _ in range(5):
        assert "Retry-After" not in app_login(client, rider.phone, "a-wrong-guess")  # a wrong password has no wait

    locked = app_login(client, rider.phone, TEST_PASSWORD, language)

    assert locked.status_code == 400
    assert locked.json()["errors"] == [{"message": message, "code": "too_many_login_attempts"}]
    assert locked["Retry-After"] == "300"
    assert "meta" not in locked.json()


def test_an_apps_429_says_how_long(client, rider):
    token = app_login(client, rider.phone, TEST_PASSWORD).json()["meta"]["session_token"]
    headers = {"X-Session-Token": token}
    for _ in range(3):
        client.post(f"{APP}/account/phone", {"phone": "123"}, content_type="application/json", headers=headers)

    refused = client.post(f"{APP}/account/phone", {"phone": "+8613912340002"}, content_type="application/json", headers=headers)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"  # ACCOUNT_RATE_LIMITS["change_phone"]: 3 in 10 minutes


def test_an_ordinary_refusal_has_no_retry_after(client, rider):
    response = app_login(client, rider.phone, "a-wrong-guess")

    assert response.status_code == 400 and "Retry-After" not in response
