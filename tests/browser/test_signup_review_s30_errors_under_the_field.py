"""A new rider signs up on a 360 px phone and gets things wrong: no name, the privacy notice not
ticked, a password of digits only. Each error stands right under the box it is about, before
the password's rules: above the label (as it was), "这个密码太常见了。" sat just under the privacy
consent and read as its error, and the name's error under the phone number. What was typed stays."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def box(locator) -> dict:
    return locator.bounding_box()


def below(error, field, next_thing) -> bool:
    """`error` starts under `field`'s bottom and ends before `next_thing` starts."""
    return error["y"] >= field["y"] + field["height"] - 1 and error["y"] + error["height"] <= next_thing["y"] + 1


def test_each_sign_up_error_stands_under_its_own_box(live_server, browser):
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/accounts/signup/")
    # The checks a browser makes before sending (required) are not every browser's: the server's are what is tested.
    page.locator("#signup-form").evaluate("f => { f.noValidate = true; }")
    page.locator("input[name=phone]").fill("13912340077")
    page.locator("input[name=platform]").fill("美团")
    page.locator("input[name=password1]").fill("20262026")
    page.locator("input[name=password2]").fill("20262026")
    page.locator("#signup-submit").click()
    page.wait_for_load_state()

    consent = box(page.locator("label.check", has_text="隐私告知"))
    rules = box(page.get_by_text("您的密码至少要包含 8 个字符"))
    name_error = box(page.locator("ul.errorlist", has_text="姓名"))
    consent_error = box(page.locator("ul.errorlist", has_text="隐私告知"))
    password_error = box(page.locator("ul.errorlist", has_text="密码只包含数字"))
    assert below(name_error, box(page.locator("input[name=display_name]")), box(page.get_by_text("与平台资料上的姓名一致"))), (
        "the name's error is not under the name's box"
    )
    assert below(consent_error, consent, box(page.get_by_text("密码：", exact=True))), (
        "the consent's error is not under the consent"
    )
    assert below(password_error, box(page.locator("input[name=password1]")), rules), (
        "the password's error is not under the password's box, before its rules"
    )

    # What the rider typed is still there (but the passwords, which are never sent back).
    assert page.locator("input[name=phone]").input_value() == "13912340077"
    assert page.locator("input[name=platform]").input_value() == "美团"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.context.close()
