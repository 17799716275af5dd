"""In a real browser at 360 px: text typed without spaces (a pasted link, a long shop-made title)
wraps instead of pushing the page sideways: a claim's place and description; a reward's title in
the catalogue, on its page, on the rider's vouchers, on the counter's verdict, and on the barber's
proposal form, whose help under the cost names the rewards already offered (751 px wide)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.browser.venue_pages import phone
from tests.points.factories import ClaimFactory
from tests.points.rewards.factories import RewardFactory, barbers_counter, issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = "https://example.com/" + "a" * 120
TITLE = "洗剪吹" + "T" * 80


def wide_pages(page: Page, base: str, paths: list[str]) -> list[str]:
    wide = []
    for path in paths:
        page.goto(f"{base}{path}")
        if not no_sideways_scroll(page):
            wide.append(path)
    return wide


def test_long_words_wrap_on_the_riders_and_the_barbers_pages(live_server, browser):
    shop, barber, rider = barbers_counter(points=100)
    claim = ClaimFactory(rider=rider, location="B" * 150, description=LINK)
    reward = RewardFactory(venue=shop, title=TITLE, cost=30)
    voucher = issue(rider, reward)
    RewardFactory(venue=shop, title=TITLE + "2", proposed_by=barber, active=False, published_at=None)

    page = phone(browser)
    sign_in(page, live_server.url, rider.phone[3:])
    rider_paths = ["/points/claims/", f"/points/claims/{claim.pk}/", "/rewards/", f"/rewards/{reward.pk}/", "/vouchers/"]
    rider_paths.append(f"/vouchers/{voucher.code}/")
    assert wide_pages(page, live_server.url, rider_paths) == []

    counter = phone(browser)
    sign_in(counter, live_server.url, barber.username)
    assert wide_pages(counter, live_server.url, ["/redeem/propose/"]) == []
    counter.goto(f"{live_server.url}/redeem/")
    counter.locator("#code-input").fill(voucher.code)
    counter.locator("#lookup").click()
    counter.get_by_test_id("verdict").wait_for()
    assert no_sideways_scroll(counter)
