"""In English, the sign-in, sign-up and password pages speak like the rest of the site, in
sentence case ("Sign in", "Get the code"), not allauth's title case ("Sign In", "Reset My
Password"); their Chinese is unchanged."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def headings_and_buttons(html: str) -> list[str]:
    found = re.findall(r"<(h1|button)\b[^>]*>(.*?)</\1>", html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", text).split()) for _tag, text in found]


@pytest.mark.parametrize(
    ("url", "english", "chinese"),
    [
        ("/accounts/login/", ["Sign in", "Sign in"], ["登录", "登录"]),
        ("/accounts/signup/", ["Sign up", "Sign up"], ["注册", "注册"]),
        ("/accounts/password/reset/", ["Reset your password", "Send me a reset link"], ["重置密码", "发送重置链接"]),
    ],
)
def test_the_page_says_it_in_sentence_case(client, url, english, chinese):
    client.cookies["django_language"] = "en"
    html = client.get(url).content.decode()
    assert [t for t in headings_and_buttons(html) if t in english] == english
    assert " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split()) == f"{english[0]} · Friendly Street"

    client.cookies["django_language"] = "zh-hans"
    assert [t for t in headings_and_buttons(client.get(url).content.decode()) if t in chinese] == chinese


def test_the_password_change_page_too(client_for, rider):
    client = client_for(rider)
    client.cookies["django_language"] = "en"
    assert headings_and_buttons(client.get("/accounts/password/change/").content.decode()).count("Change password") == 2
