"""The pages where a code is typed say how long it lasts, in English as in Chinese (accounts
review, December 2026): the SMS and the Chinese page said 10 minutes, the English page only
"The code expires shortly"."""

from __future__ import annotations

import pytest

from tests.accounts import helpers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "It expires in 10 minutes, so please enter it soon."), ("zh-hans", "10 分钟内有效，请尽快输入。")],
)
def test_the_sign_in_code_page_says_ten_minutes(client, rider, language, words):
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]}, HTTP_ACCEPT_LANGUAGE=language)

    page = client.get("/accounts/login/code/confirm/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert words in page
    assert "shortly" not in page


def test_the_sign_up_code_page_says_ten_minutes_in_english(client):
    client.post("/accounts/signup/", {**helpers.SIGNUP, "phone": "13900000201"}, HTTP_ACCEPT_LANGUAGE="en")

    page = client.get("/accounts/phone/verify/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "It expires in 10 minutes, so please enter it soon." in page
