"""A rider who types a wrong sign-in code a few seconds after it came (on a 360 px phone): the page
comes back and 重新发送验证码 goes on counting down from where it was, not from 60 again; and
when the server says the wait is nearly over, the button is offered as soon as it is."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from playwright.sync_api import Page, expect

from friendlystreet.accounts import code_tries
from friendlystreet.accounts.code_resend import RESEND_WAIT, SESSION_KEY
from tests.accounts.helpers import last_code
from tests.factories import RiderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN"}


def countdown(page: Page) -> int:
    text = page.locator("#resend-code").inner_text()
    found = re.fullmatch(r"重新发送验证码 \((\d+)\)", text.strip())
    assert found, text
    return int(found.group(1))


def test_a_wrong_code_does_not_start_the_countdown_again(live_server, browser):
    rider = RiderFactory()
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{live_server.url}/accounts/login/code/")
    page.locator("input[name=phone]").fill(rider.phone[3:])
    page.locator("#request-code").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/code/confirm/$"))
    expect(page.locator("#resend-code")).to_be_disabled()
    first = countdown(page)
    assert first >= RESEND_WAIT - 2

    page.wait_for_timeout(3500)  # the rider reads the SMS, types a wrong code
    wrong = "000000" if last_code(rider.phone) != "000000" else "111111"
    page.locator("input[name=code]").fill(wrong)
    page.locator("#confirm-code").click()

    expect(page.locator("#id_code_error")).to_contain_text("验证码不正确")
    expect(page.locator("#resend-code")).to_be_disabled()
    assert countdown(page) <= first - 3  # going on, not 60 again


def test_the_button_is_offered_when_the_servers_wait_is_over(live_server, browser):
    rider = RiderFactory()
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/code/")
    page.locator("input[name=phone]").fill(rider.phone[3:])
    page.locator("#request-code").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/code/confirm/$"))

    # As if the code had come 58 seconds ago.
    cookie = next(c for c in context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = SessionStore(session_key=cookie["value"])
    sent = session[SESSION_KEY]
    sent[code_tries.LOGIN_CODE] -= RESEND_WAIT - 2
    session[SESSION_KEY] = sent
    session.save()
    page.reload()

    assert countdown(page) <= 2
    expect(page.locator("#resend-code")).to_be_enabled(timeout=4000)
    expect(page.locator("#resend-code")).to_have_text("重新发送验证码")
