"""A new rider types the sign-up SMS code wrong on a 360 px phone: 验证码不正确。 stands under the
code's box, where their eyes and thumb are, as the sign-up form's errors do, not above the label
验证码：. The digit keyboard's box stays."""

from __future__ import annotations

import pytest

from tests.accounts.helpers import SIGNUP, last_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "+8613912340088"


def test_a_wrong_sign_up_code_is_said_under_the_code_box(live_server, browser):
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/accounts/signup/")
    page.locator("input[name=phone]").fill(PHONE[3:])
    page.locator("input[name=display_name]").fill(SIGNUP["display_name"])
    page.locator("input[name=platform]").fill(SIGNUP["platform"])
    page.locator("input[name=privacy_consent]").check()
    page.locator("input[name=password1]").fill(SIGNUP["password1"])
    page.locator("input[name=password2]").fill(SIGNUP["password2"])
    page.locator("#signup-submit").click()
    page.wait_for_url("**/accounts/phone/verify/")

    wrong = "000000" if last_code(PHONE) != "000000" else "111111"
    page.locator("input[name=code]").fill(wrong)
    page.locator("#confirm-code").click()
    page.wait_for_load_state()

    code_box = page.locator("input[name=code]").bounding_box()
    error = page.locator("main ul.errorlist", has_text="验证码不正确").bounding_box()
    confirm = page.locator("#confirm-code").bounding_box()
    assert error["y"] >= code_box["y"] + code_box["height"] - 1, "验证码不正确 is above the code's box"
    assert error["y"] + error["height"] <= confirm["y"] + 1
    assert page.locator("input[name=code]").get_attribute("inputmode") == "numeric"
    page.context.close()
