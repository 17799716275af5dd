"""A brand-new rider's first minutes: the welcome comes once the phone is verified (the home
card's upload link works then), a number with no account is told where to sign up, the code pages read as plain
Chinese, and a forgotten password leads to the SMS code sign-in and to a person who helps."""

from __future__ import annotations

import re

import pytest

from tests.accounts.helpers import texts_sent_to
from tests.accounts.test_phone_signup_and_login import last_code, sign_up

pytestmark = pytest.mark.django_db

NEW_PHONE = "+8613800000099"
WELCOME = "欢迎加入，"


def test_the_welcome_waits_until_the_phone_is_verified_then_shows_once(client):
    code_page = client.get(sign_up(client)["Location"]).content.decode()
    assert WELCOME not in code_page  # its upload link would only lead back here

    response = client.post("/accounts/phone/verify/", {"code": last_code(NEW_PHONE)})
    home = client.get(response["Location"]).content.decode()

    welcome = re.search(r'<li class="msg [^"]*">(欢迎加入，.*?)</li>', home, re.S)
    assert welcome, "no welcome on the first page after verification"
    # The upload link is the home card's (once): the welcome does not repeat it.
    assert 'href="/profile/evidence/"' not in welcome.group(1) and home.count('href="/profile/evidence/"') == 1
    assert client.get("/profile/evidence/").status_code == 200  # the link leads somewhere now
    assert WELCOME not in client.get("/home/").content.decode()  # once


def test_a_number_without_an_account_is_told_where_to_sign_up(client):
    response = client.post("/accounts/login/code/", {"phone": "139 0000 0042"})
    assert response.status_code == 302

    (text,) = texts_sent_to("+8613900000042")
    assert "还没有注册账号" in text
    assert "http://testserver/accounts/signup/" in text

    page = client.get(response["Location"]).content.decode()
    link = re.search(r'<p id="no-account-signup"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "没有账号？" in link and '<a href="/accounts/signup/">注册</a>' in link


def test_the_code_sign_in_pages_read_as_plain_chinese(client, rider):
    request_page = client.get("/accounts/login/code/").content.decode()
    assert "我们会向您的手机发送登录验证码，无需密码。" in request_page
    assert "获取验证码" in request_page and "其他登录方式" in request_page
    assert "请求码" not in request_page and "特殊代码" not in request_page

    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    confirm_page = client.get("/accounts/login/code/confirm/").content.decode()
    assert '<label for="id_code">验证码：</label>' in confirm_page
    assert "输入登录验证码" in confirm_page and "代码" not in confirm_page

    wrong = "000000" if last_code(rider.phone) != "000000" else "111111"
    refused = client.post("/accounts/login/code/confirm/", {"code": wrong}).content.decode()
    assert "验证码不正确，还可以再试 2 次。" in refused and "错误代码" not in refused


def test_the_sign_up_code_page_offers_a_new_code_with_a_real_button(client):
    sign_up(client)

    page = client.get("/accounts/phone/verify/").content.decode()

    resend = re.search(r'<button[^>]*form="resend"[^>]*>(.*?)</button>', page, re.S)
    assert 'class="button secondary resend"' in resend.group(0)  # the site's secondary button, 44 px and up
    assert resend.group(1).strip() == "重新发送验证码"
    assert "输入手机验证码" in page and "代码" not in page


def test_the_login_page_says_forgot_password_once_and_leads_to_the_code_sign_in(client):
    page = client.get("/accounts/login/").content.decode()

    assert page.count("忘记密码？") == 1
    assert 'href="/accounts/login/code/?next=/accounts/password/change/" id="forgot-password"' in page.replace("%2F", "/")


@pytest.mark.parametrize("url", ["/accounts/password/reset/", "/accounts/password/reset/done/"])
def test_the_password_reset_pages_send_riders_to_the_code_and_say_who_helps(client, url):
    page = client.get(url).content.decode()

    assert "用短信验证码登录" in page
    assert "/accounts/login/code/?next=" in page
    assert "街道办服务窗口" in page  # no contact is configured: the service window helps
    assert "请与我们联系" not in page and "联系我们" not in page
