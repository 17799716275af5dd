"""On a 360 px phone, a rider changes their number from 我的资料 with the SMS code, and the code
pages' buttons are one full-width row each, apart (accounts review #1, #6, #22); at 1280 px the
profile's cards do not touch."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from friendlystreet.accounts.models import User
from friendlystreet.sms.models import OutboxMessage
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN"}


def last_code(phone: str) -> str:
    return re.search(r"\b(\d{6})\b", OutboxMessage.objects.filter(phone=phone).latest("id").text).group(1)


def boxes(page: Page, selector: str) -> list[dict]:
    return [page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())]


def assert_stacked_full_width(page: Page, selector: str, expected: int) -> None:
    found = boxes(page, selector)
    assert len(found) == expected
    form = page.locator("main form").first.bounding_box()
    for above, below in zip(found, found[1:], strict=False):
        assert below["y"] >= above["y"] + above["height"] + 8, (above, below)  # a row each, a gap between
    for box in found:
        assert box["width"] >= form["width"] - 2 and box["height"] >= 44
    assert no_sideways_scroll(page)


def test_a_rider_changes_their_number_on_a_phone(live_server, browser):
    rider = RiderFactory(display_name="王小明", phone="+8613912340001")
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server.url, "13912340001")

    page.goto(f"{live_server.url}/profile/")
    page.locator("#security-phone").click()
    expect(page.locator("h1")).to_have_text("更改手机号")
    expect(page.locator("#current-phone")).to_have_text("139\u00a01234\u00a00001")
    page.get_by_label("新手机号").fill("139 1234 0002")
    page.get_by_role("button", name="向新号码发送验证码").click()

    expect(page).to_have_url(re.compile(r"/accounts/phone/verify/$"))
    assert_stacked_full_width(page, ".code-actions > .button", 2)  # 确认, 取消 (allauth offers no resend here)
    page.locator("input[name=code]").fill(last_code("+8613912340002"))
    page.locator("#confirm-code").click()

    expect(page.locator(".msg.success")).to_contain_text("您的手机号已改为 139\u00a01234\u00a00002，今后请用新号码登录。")
    expect(page.locator("#current-phone")).to_have_text("139\u00a01234\u00a00002")
    assert User.objects.get(pk=rider.pk).phone == "+8613912340002"
    assert no_sideways_scroll(page)


def test_the_sign_in_code_pages_buttons_are_a_row_each_on_a_phone(live_server, browser):
    rider = RiderFactory()
    page = browser.new_context(**PHONE).new_page()

    page.goto(f"{live_server.url}/accounts/login/code/")
    assert_stacked_full_width(page, "main form .big-links > .button", 2)  # 获取验证码, 其他登录方式
    page.locator("input[name=phone]").fill(rider.phone[3:])
    page.locator("#request-code").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/code/confirm/$"))
    assert_stacked_full_width(page, ".code-actions > .button", 3)  # 确认, 重新发送验证码 (60), 取消


def test_the_profiles_cards_do_not_touch_on_a_computer(live_server, browser):
    rider = RiderFactory()
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    sign_in(page, live_server.url, rider.phone[3:])

    page.goto(f"{live_server.url}/profile/")

    cards = boxes(page, ".profile-panels > .card")
    assert len(cards) >= 2
    for above, below in zip(cards, cards[1:], strict=False):
        assert below["y"] - (above["y"] + above["height"]) >= 12
