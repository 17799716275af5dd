"""A street admin on a phone (360 px, Chinese) opens a waiting rider who has sent no screenshot.
认证通过并审下一位 was the page's one filled button, inviting a verification on no evidence. Now
no button is filled: the page says there is nothing to check and to ask for a screenshot by
refusing with the reason filled in; 驳回并审下一位, pressed as it comes, opens the next rider."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from friendlystreet.accounts.models import Verification
from points import verification
from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.factories import RiderFactory, StreetAdminFactory
from tests.points.factories import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILLED = "el => getComputedStyle(el).backgroundColor !== 'rgb(255, 255, 255)'"


def test_without_a_screenshot_no_button_is_the_main_action_and_refusing_asks_for_one(live_server, browser):
    xu = RiderFactory(display_name="许静", verification=Verification.UNVERIFIED)
    li = RiderFactory(display_name="李四", verification=Verification.UNVERIFIED)
    verification.evidence_save(rider=li, upload=SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg"))
    page = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN").new_page()
    signed_in_by_cookie(page, live_server.url, StreetAdminFactory())
    page.goto(f"{live_server.url}/staff/riders/{xu.pk}/decide/")

    expect(page.locator("#no-evidence-advice")).to_contain_text("如需请骑手上传，请用下方已填好的原因驳回")
    filled = [b for b in page.locator("main button:visible").all() if b.evaluate(FILLED) and b.get_attribute("class") != "link"]
    assert filled == []
    expect(page.locator("#reason")).to_have_value("您尚未上传平台个人资料截图")
    assert no_sideways_scroll(page)

    page.get_by_role("button", name="驳回并审下一位").click()
    page.wait_for_url(f"**/staff/riders/{li.pk}/decide/")
    # The next rider has a screenshot: verifying is the main action again.
    assert page.locator("#verify-next").evaluate(FILLED)
    xu.refresh_from_db()
    assert (xu.verification, xu.verification_note) == (Verification.REJECTED, "您尚未上传平台个人资料截图")
