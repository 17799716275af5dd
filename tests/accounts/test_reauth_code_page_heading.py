"""修改密码's 忘记密码？ sends a code that confirms it is the rider (not a sign-in code, 3673d53). Its
page was headed 输入验证码, as if any code: the rider did not see what it was for. It is headed
确认是您本人, as the page before it; the other code pages keep their own headings."""

from __future__ import annotations

import re

import pytest

from tests.accounts.test_new_rider_story import sign_up
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

REAUTH = "/accounts/reauthenticate/code/?next=/accounts/password/change/"


def heading(response) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_the_page_for_the_code_that_confirms_it_is_you_says_so(client, rider):
    client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD})

    page = client.post(REAUTH, {"recipient": rider.phone}, follow=True)

    assert page.redirect_chain[-1][0].startswith("/accounts/reauthenticate/code/confirm/")
    assert heading(page) == "确认是您本人"
    assert "<title>确认是您本人" in page.content.decode()


def test_the_sign_in_code_page_keeps_its_own_heading(client, rider):
    page = client.post("/accounts/login/code/", {"phone": rider.phone[3:]}, follow=True)

    assert heading(page) == "输入登录验证码"


def test_in_english_the_code_pages_are_headed_in_sentence_case_as_every_other_page(client, rider):
    """allauth's "Enter Sign-In Code" / "Enter Phone Verification Code" in Title Case stood out
    beside "Confirm it is you" and every other heading."""
    client.cookies["django_language"] = "en"
    sign_in = client.post("/accounts/login/code/", {"phone": rider.phone[3:]}, follow=True)

    assert heading(sign_in) == "Enter the sign-in code"

    client.cookies.pop("sessionid", None)
    sign_up(client)
    verify = client.get("/accounts/phone/verify/")
    assert heading(verify) == "Enter the verification code"
