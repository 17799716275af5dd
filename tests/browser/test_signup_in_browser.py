"""A new rider signs up in a real browser with their phone and the SMS code, and lands on their page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from friendlystreet.sms.models import OutboxMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_rider_signs_up_with_phone_and_outbox_code(live_server, page: Page):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="我是骑手：用手机号注册").click()

    page.get_by_label("手机号").fill("13800000077")
    page.get_by_label("姓名").fill("赵新骑")
    page.get_by_label("工作类型").select_option("delivery")
    page.get_by_label("平台").fill("饿了么")
    page.locator("input[name=password1]").fill("a-Strong-pass-2026")
    page.locator("input[name=password2]").fill("a-Strong-pass-2026")
    page.get_by_label("我已阅读并同意").check()  # the notice itself is a link in the label
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/accounts/phone/verify/"))
    code = re.search(r"\b(\d{6})\b", OutboxMessage.objects.get(phone="+8613800000077").text).group(1)
    page.locator("input[name=code]").fill(code)
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/home/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("赵新骑")
