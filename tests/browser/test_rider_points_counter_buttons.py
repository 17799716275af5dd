"""In a real browser at 360 px: the counter's three buttons (scan, look up, confirm) are the big
targets the redemption page is drawn for (64 px, one hand at a busy counter), not the site's
44-48 px buttons that outranked rewards.css's .huge."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.points.rewards.factories import RewardFactory, barbers_counter, issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_counters_buttons_are_64_px(live_server, browser):
    shop, barber, rider = barbers_counter(points=100)
    voucher = issue(rider, RewardFactory(venue=shop, title="免费快剪一次", cost=80))

    page = signed_in_phone(browser, live_server, barber, "/redeem/")
    page.locator("#code-input").fill(voucher.code)
    page.locator("#lookup").click()
    buttons = {name: page.locator(f"#{name}") for name in ("scan-start", "lookup", "confirm")}
    for button in buttons.values():  # 扫码 shows once redeem.js ran, which may come after 确认核销
        expect(button).to_be_visible()
    heights = {name: button.bounding_box()["height"] for name, button in buttons.items()}
    assert min(heights.values()) >= 64, heights
    assert no_sideways_scroll(page)
