"""A rider types an SMS code wrong (sign-in review, December 2026): the page said only 验证码不正确。,
never how many tries were left, and after the third wrong one the code was gone without warning.
Now each refusal says how many are left (allauth allows 3 a code flow, counting every refused
form, and a "request new code" does not give them back); when none are left, the next page says to
ask for a new code, on every code page: sign-in, sign-up, confirming it is you, a new number."""

from __future__ import annotations

import re

import pytest

from friendlystreet.accounts.phones import format_phone
from tests.accounts.helpers import SIGNUP, last_code, texts_sent_to
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

CONFIRM_LOGIN = "/accounts/login/code/confirm/"
REAUTH = "/accounts/reauthenticate/code/?next=/accounts/password/change/"
CONFIRM_REAUTH = "/accounts/reauthenticate/code/confirm/"


def wrong_code(phone: str) -> str:
    return "000000" if last_code(phone) != "000000" else "111111"


def code_error(response) -> str:
    """What stands under the code's box."""
    found = re.search(r'<ul class="errorlist" id="id_code_error">(.*?)</ul>', response.content.decode(), re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1)).strip() if found else ""


def flash_messages(response) -> str:
    return " ".join(re.findall(r'<li class="msg [^"]*">(.*?)</li>', response.content.decode(), re.S))


def test_each_wrong_sign_in_code_says_how_many_tries_are_left(client, rider):
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    wrong = wrong_code(rider.phone)

    assert code_error(client.post(CONFIRM_LOGIN, {"code": wrong})) == "验证码不正确，还可以再试 2 次。"
    assert code_error(client.post(CONFIRM_LOGIN, {"code": wrong})) == "验证码不正确，还可以再试 1 次。"

    last = client.post(CONFIRM_LOGIN, {"code": wrong}, follow=True)
    assert last.redirect_chain[-1][0] == "/accounts/login/code/"  # allauth ends the code: ask for another
    assert "验证码错误次数过多，请重新获取验证码。" in flash_messages(last)


def test_a_missing_code_counts_as_a_try_and_says_so(client, rider):
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})

    assert "还可以再试 2 次。" in code_error(client.post(CONFIRM_LOGIN, {"code": ""}))
    assert code_error(client.post(CONFIRM_LOGIN, {"code": wrong_code(rider.phone)})) == "验证码不正确，还可以再试 1 次。"


def test_a_new_code_on_the_same_page_keeps_the_count_and_a_new_sign_in_starts_afresh(client, rider):
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    client.post(CONFIRM_LOGIN, {"code": wrong_code(rider.phone)})

    client.post(CONFIRM_LOGIN, {"action": "resend"})  # allauth counts on across its resend
    assert code_error(client.post(CONFIRM_LOGIN, {"code": wrong_code(rider.phone)})) == "验证码不正确，还可以再试 1 次。"
    client.post(CONFIRM_LOGIN, {"code": wrong_code(rider.phone)})  # the last: back to 获取验证码

    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})  # a new sign-in by code
    assert code_error(client.post(CONFIRM_LOGIN, {"code": wrong_code(rider.phone)})) == "验证码不正确，还可以再试 2 次。"
    assert client.post(CONFIRM_LOGIN, {"code": last_code(rider.phone)}).status_code == 302


def test_an_unknown_number_gets_the_same_count_as_a_known_one(client):
    # Nobody can tell from the page whether the number has an account.
    client.post("/accounts/login/code/", {"phone": "13912340077"})

    assert code_error(client.post(CONFIRM_LOGIN, {"code": "123456"})) == "验证码不正确，还可以再试 2 次。"


def test_a_wrong_sign_up_code_says_how_many_tries_are_left(client):
    client.post("/accounts/signup/", {**SIGNUP, "phone": "13912340078"})

    refused = client.post("/accounts/phone/verify/", {"code": wrong_code("+8613912340078")})

    assert code_error(refused) == "验证码不正确，还可以再试 2 次。"


def test_a_wrong_code_to_confirm_it_is_you_says_the_tries_left_then_to_ask_for_a_new_one(client, rider):
    client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD})
    client.post(REAUTH, {"recipient": rider.phone})
    wrong = wrong_code(rider.phone)

    assert code_error(client.post(CONFIRM_REAUTH, {"code": wrong})) == "验证码不正确，还可以再试 2 次。"
    assert code_error(client.post(CONFIRM_REAUTH, {"code": wrong})) == "验证码不正确，还可以再试 1 次。"
    last = client.post(CONFIRM_REAUTH, {"code": wrong}, follow=True)

    assert last.redirect_chain[-1][0].startswith("/accounts/reauthenticate/code/")  # "获取验证码" again
    assert "验证码错误次数过多，请重新获取验证码。" in flash_messages(last)


def test_the_last_wrong_code_for_a_new_number_says_to_ask_for_a_new_one(client, rider):
    client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD})
    client.post("/accounts/phone/change/", {"phone": "13912340079"})
    wrong = wrong_code("+8613912340079")

    assert code_error(client.post("/accounts/phone/verify/", {"code": wrong})) == "验证码不正确，还可以再试 2 次。"
    client.post("/accounts/phone/verify/", {"code": wrong})
    last = client.post("/accounts/phone/verify/", {"code": wrong}, follow=True)

    # allauth went back to 更改手机号 without a word.
    assert last.redirect_chain[-1][0] == "/accounts/phone/change/"
    assert "验证码错误次数过多，请重新获取验证码。" in flash_messages(last)


def test_the_tries_left_in_english(client, rider):
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]}, HTTP_ACCEPT_LANGUAGE="en")
    wrong = wrong_code(rider.phone)

    refused = client.post(CONFIRM_LOGIN, {"code": wrong}, HTTP_ACCEPT_LANGUAGE="en")
    assert code_error(refused) == "Wrong code. 2 tries left."
    assert code_error(client.post(CONFIRM_LOGIN, {"code": wrong}, HTTP_ACCEPT_LANGUAGE="en")) == "Wrong code. 1 try left."


def test_the_code_to_confirm_it_is_you_is_not_called_a_sign_in_code(client, rider):
    client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD})

    page = client.post(REAUTH, {"recipient": rider.phone}, follow=True)

    assert f"身份确认验证码已发送至 {format_phone(rider.phone)}。" in flash_messages(page)
    assert "登录验证码" not in page.content.decode()
    assert "您的身份确认验证码：" in texts_sent_to(rider.phone)[-1]
