"""The counter's how-to on a 360 × 740 phone, in Chinese and in English: its steps are read
without scrolling sideways, and the scan button is still on the first screen (onboarding
review, finding 5)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import page_width, signed_in_phone
from tests.points.rewards.factories import barbers_counter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
@pytest.mark.parametrize("path", ["/home/", "/redeem/"])
def test_the_steps_and_the_scan_button_fit_the_first_screen(live_server, playwright, browser_type_launch_args, locale, path):
    _shop, barber, _rider = barbers_counter()
    args = [*browser_type_launch_args["args"], "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
    phone = playwright.chromium.launch(**{**browser_type_launch_args, "args": args})
    try:
        page = signed_in_phone(phone, live_server, barber, path, locale=locale, permissions=["camera"])
        howto = page.locator("#redeem-howto")
        expect(howto).to_have_attribute("open", "")
        expect(howto.locator("li")).to_have_count(5)
        scan = page.locator("#scan-start")
        expect(scan).to_be_visible()
        assert scan.bounding_box()["y"] + scan.bounding_box()["height"] <= 740
        assert page_width(page) <= 360
        page.screenshot(path=f"/tmp/review/onboard-howto-{locale}-{path.strip('/')}.png")
    finally:
        phone.close()
