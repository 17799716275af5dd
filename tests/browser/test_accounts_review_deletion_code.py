"""Deleting one's account on a phone, as the accounts review found it (December 2026): the SMS
code's field opened the letter keyboard (the sign-in code pages open the digits), and the red
注销我的账号 button touched 重新发送验证码 right below it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_code_opens_the_digits_and_the_buttons_stand_apart(live_server, browser, locale):
    rider = RiderFactory(display_name="王注销")
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale=locale)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, rider.username)
        page.goto(f"{live_server.url}/profile/delete/")
        page.locator("#send-code").click()

        code = page.locator("#confirm-deletion input[name=code]")
        expect(code).to_have_attribute("inputmode", "numeric")
        expect(code).to_have_attribute("autocomplete", "one-time-code")

        delete = page.locator("#confirm-deletion button").bounding_box()
        resend = page.locator("#send-code").bounding_box()
        assert resend["y"] - (delete["y"] + delete["height"]) >= 8, (delete, resend)
        assert no_sideways_scroll(page)
    finally:
        context.close()
