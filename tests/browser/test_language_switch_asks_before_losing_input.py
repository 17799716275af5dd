"""The footer's language switch reloads the page in the other language, with its forms empty
(rider review, finding 6: a rider typed on a form, tapped English, and what they typed was gone).
Now, on a 360 px phone, the switch first asks when a form on the page holds input not sent yet:
typed or chosen since the page came, or kept in a form the site sent back refused. Cancel keeps
the page and what was typed; OK switches. An untouched form is not asked about. (Shown on the
sign-up form; site.js does the same for every form on every page.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
QUESTION = "您在本页填写的内容还没有提交，切换语言后会丢失。仍要切换吗？"


def sign_up_page(live_server, browser):
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{live_server.url}/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    return page


def answering(page, *answers: bool) -> list[str]:
    """Records each question the page asks, answering OK or Cancel in turn."""
    asked: list[str] = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept() if answers[len(asked) - 1] else dialog.dismiss()

    page.on("dialog", answer)
    return asked


def test_the_switch_asks_before_it_drops_what_was_typed_and_cancel_keeps_it(live_server, browser):
    page = sign_up_page(live_server, browser)
    page.locator("#id_display_name").fill("王小骑")
    page.locator("#id_phone").fill("13912340012")
    asked = answering(page, False, True)

    page.locator("form.lang-switch button[value=en]").click()

    assert asked == [QUESTION]
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#id_display_name")).to_have_value("王小骑")
    expect(page.locator("#id_phone")).to_have_value("13912340012")
    assert no_sideways_scroll(page)

    page.locator("form.lang-switch button[value=en]").click()  # asked again: OK this time
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert asked == [QUESTION, QUESTION]


def test_an_untouched_form_switches_at_once(live_server, browser):
    page = sign_up_page(live_server, browser)
    asked = answering(page, False)

    page.locator("form.lang-switch button[value=en]").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert asked == []


def test_a_form_sent_back_refused_holds_input_too(live_server, browser):
    page = sign_up_page(live_server, browser)
    page.locator("#id_display_name").fill("王小骑")
    page.locator("#id_phone").fill("13912340012")
    page.locator("#id_password1").fill("a-Strong-pass-2026")
    page.locator("#id_password2").fill("another-Pass-2027")
    # Sent as it is (the browser would first ask for the fields left empty): the site refuses it.
    page.locator("#signup-form").evaluate("form => { form.noValidate = true; }")
    page.locator("#signup-submit").click()
    expect(page.locator(".errorlist").first).to_be_visible()  # back, refused, the name kept
    expect(page.locator("#id_display_name")).to_have_value("王小骑")
    asked = answering(page, False)

    page.locator("form.lang-switch button[value=en]").click()

    assert asked == [QUESTION]
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
