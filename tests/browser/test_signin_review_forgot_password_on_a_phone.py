"""A rider signed in on a 360 px phone has forgotten their password and opens the forgotten-password
page (a bookmark, 忘记密码？ found by a search): it used to offer "用短信验证码登录", which brought a
signed-in rider back to 修改密码 asking for the old password, round and round. Now the page goes
where 修改密码's 忘记密码？ goes: a code to their own number, called what it is (身份确认验证码, not
登录验证码: they are signed in); a wrong code says how many tries are left, under the code's box;
then a new password without the old one (sign-in review, December 2026)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from friendlystreet.accounts.models import User
from tests.accounts.helpers import last_code, texts_sent_to
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_NUMBER = "+8613912340061"


def test_a_signed_in_rider_who_forgot_the_password_gets_a_code_from_the_reset_page(live_server, browser):
    RiderFactory(display_name="王小明", phone=PHONE_NUMBER)
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN").new_page()
    sign_in(page, live_server.url, PHONE_NUMBER[3:])

    page.goto(f"{live_server.url}/accounts/password/reset/")
    expect(page.locator("h1")).to_have_text("确认是您本人")
    expect(page.locator("#reauth-code-phone")).to_contain_text("139\u00a01234\u00a00061")
    page.locator("#request-code").click()

    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/code/confirm/"))
    expect(page.locator(".msg")).to_contain_text("身份确认验证码已发送至 139\u00a01234\u00a00061。")
    assert "登录验证码" not in page.locator("main").inner_text()
    assert "身份确认验证码" in texts_sent_to(PHONE_NUMBER)[-1]

    wrong = "000000" if last_code(PHONE_NUMBER) != "000000" else "111111"
    page.locator("input[name=code]").fill(wrong)
    page.locator("#confirm-code").click()
    error = page.locator("main ul.errorlist")
    expect(error).to_have_text("验证码不正确，还可以再试 2 次。")
    code_box = page.locator("input[name=code]").bounding_box()
    assert error.bounding_box()["y"] >= code_box["y"] + code_box["height"] - 1  # under the box
    assert no_sideways_scroll(page)
    page.screenshot(path="/tmp/signin-reauth-wrong-360.png", full_page=True)

    page.locator("input[name=code]").fill(last_code(PHONE_NUMBER))
    page.locator("#confirm-code").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/change/$"))
    expect(page.locator("input[name=oldpassword]")).to_have_count(0)
    page.locator("input[name=password1]").fill("New-pass-for-2027")
    page.locator("input[name=password2]").fill("New-pass-for-2027")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/profile/$"))
    assert User.objects.get(phone=PHONE_NUMBER).check_password("New-pass-for-2027")
    page.context.close()
