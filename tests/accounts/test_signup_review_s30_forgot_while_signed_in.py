"""A rider signed in on their phone (by password, days ago) wants a new password and has
forgotten the old one. 修改密码's "忘记密码？" led to the e-mail reset page, whose "用短信验证码登录"
brought a signed-in rider straight back to 修改密码, asking for the same old password: a loop
with no way out but signing out. Now it sends a code to their own number, and after it 修改密码
asks only for the new password."""

from __future__ import annotations

import re
from html import unescape

import pytest

from friendlystreet.accounts.phones import format_phone
from tests.accounts.helpers import last_code, texts_sent_to
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_a_signed_in_rider_who_forgot_the_password_gets_a_code_and_sets_a_new_one(client, rider):
    client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD})
    page = client.get("/accounts/password/change/").content.decode()
    assert "oldpassword" in page  # signed in by password: the old one is asked for

    link = re.search(r'<a href="([^"]+)" class="tap" id="forgot-password">([^<]+)</a>', page)
    assert link, "修改密码 has no 忘记密码？ that helps a signed-in rider"
    assert link.group(2) == "忘记密码？用短信验证码验证"
    confirm_page = client.get(unescape(link.group(1))).content.decode()
    assert "确认是您本人" in confirm_page
    assert f"<strong>{format_phone(rider.phone)}</strong>" in confirm_page  # the number as riders read it
    assert "Recipient" not in confirm_page  # allauth's select of one E.164 string

    sent_before = len(texts_sent_to(rider.phone))
    response = client.post(unescape(link.group(1)), {"recipient": rider.phone, "next": "/accounts/password/change/"})
    assert response.status_code == 302
    assert len(texts_sent_to(rider.phone)) == sent_before + 1
    code_page = client.get(response["Location"]).content.decode()
    assert "验证码：" in code_page and "代码" not in code_page
    assert 'inputmode="numeric"' in code_page  # the digit keyboard

    response = client.post(response["Location"], {"code": last_code(rider.phone)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/change/"
    page = client.get("/accounts/password/change/")
    assert "oldpassword" not in page.context["form"].fields  # the code proved the phone
    response = client.post("/accounts/password/change/", {"password1": "New-pass-for-2027", "password2": "New-pass-for-2027"})
    assert response.status_code == 302
    rider.refresh_from_db()
    assert rider.check_password("New-pass-for-2027")


def test_a_wrong_code_does_not_let_the_old_password_go(client, rider):
    client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD})
    response = client.post("/accounts/reauthenticate/code/?next=/accounts/password/change/", {"recipient": rider.phone})
    wrong = "000000" if last_code(rider.phone) != "000000" else "111111"
    response = client.post(response["Location"], {"code": wrong})
    assert response.status_code == 200
    page = response.content.decode()
    assert "验证码不正确" in page
    assert "验证码：" in page and "代码" not in page
    page = client.get("/accounts/password/change/")
    assert "oldpassword" in page.context["form"].fields


def test_the_forgotten_password_page_opened_while_signed_in_sends_the_code_to_the_riders_number(client, rider):
    # Signed-in review, December 2026: /accounts/password/reset/ (a bookmark, an address typed)
    # still offered "用短信验证码登录", which led a signed-in rider back to 修改密码 and the old password.
    client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD})

    response = client.get("/accounts/password/reset/")

    assert response.status_code == 302
    assert unescape(response["Location"]).replace("%2F", "/") == (
        "/accounts/reauthenticate/code/?next=/accounts/password/change/"
    )


def test_the_forgotten_password_page_stays_for_visitors_not_signed_in(client):
    page = client.get("/accounts/password/reset/")

    assert page.status_code == 200
    assert "用短信验证码登录" in page.content.decode()
