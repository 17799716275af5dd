"""From the partner operator's review, on a phone at the counter: the barber has just looked up
one rider's voucher, and the verdict fills the top of the screen. The next rider holds up their
QR and the barber taps 扫描二维码: the camera opens on screen, its Stop button within reach,
not half under the fold below the last customer's verdict (Chromium's fake camera)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from points.rewards.services import voucher_confirm
from tests.browser.venue_pages import signed_in_phone
from tests.points.rewards.factories import RewardFactory, barbers_counter, issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A small phone: 360 × 640.
SMALL_PHONE = {"width": 360, "height": 640}


def test_after_a_verdict_the_camera_opens_in_view_with_its_stop_button(live_server, playwright, browser_type_launch_args):
    shop, barber, rider = barbers_counter(points=100)
    used = issue(rider, RewardFactory(venue=shop, title="免费快剪一次", cost=80))
    voucher_confirm(operator=barber, code=used.code)
    args = [*browser_type_launch_args["args"], "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
    phone = playwright.chromium.launch(**{**browser_type_launch_args, "args": args})
    try:
        page = signed_in_phone(phone, live_server, barber, "/redeem/", viewport=SMALL_PHONE, permissions=["camera"])
        # The last customer's voucher, looked up: its verdict (already used) fills the screen's top.
        page.locator("#code-input").fill(used.code)
        page.locator("#lookup").click()
        expect(page.get_by_test_id("verdict")).to_have_attribute("data-result", "already_redeemed")

        page.locator("#scan-start").click()

        expect(page.locator("#scanner-video")).to_be_visible()
        # The whole camera and its Stop button on screen (the fake camera shows no QR: it keeps filming).
        page.wait_for_function(
            """() => {
                const video = document.getElementById('scanner-video').getBoundingClientRect();
                const stop = document.getElementById('scan-stop').getBoundingClientRect();
                return video.height > 100 && video.top >= 0 && stop.bottom <= window.innerHeight + 1;  // + 1: sub-pixel layout
            }""",
            timeout=5_000,
        )
        page.locator("#scan-stop").click()
        expect(page.locator("#scan-start")).to_be_visible()
    finally:
        phone.close()
