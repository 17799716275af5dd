"""In a real browser at 360 px, by thumb: a passbook line, a claim's card and a used voucher's
line open their page wherever they are tapped (their title alone was a 17-25 px target), and the
links under a claim and under the barber's redemption form are 44 px tall."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from points.rewards import services
from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory
from tests.points.rewards.factories import RewardFactory, barbers_counter, give_points, issue
from tests.venues.factories import VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tap(page: Page, target: Locator) -> None:
    """A thumb on the middle of `target` (not on the row's title link)."""
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def heights(links: Locator) -> list[float]:
    return [links.nth(i).bounding_box()["height"] for i in range(links.count())]


def test_rows_open_where_the_thumb_lands_and_links_are_44_px(live_server, browser):
    shop, barber, rider = barbers_counter(points=100)
    haircut = RewardFactory(venue=shop, title="免费快剪一次", cost=30)
    kept = issue(rider, haircut)
    given_back = issue(rider, RewardFactory(venue=shop, title="洗发一次", cost=20))
    services.voucher_cancel(rider=rider, code=given_back.code)
    claim = ClaimFactory(rider=rider)

    page = signed_in_phone(browser, live_server, rider, "/points/")
    row = page.get_by_test_id("entry").filter(has=page.get_by_text("免费快剪一次"))
    tap(page, row.locator(".entry-amount"))
    expect(page).to_have_url(re.compile(rf"/vouchers/{kept.code}/$"))

    page.goto(f"{live_server.url}/points/claims/")
    tap(page, page.locator(f"[data-claim-id='{claim.pk}'] .muted").last)
    expect(page).to_have_url(re.compile(rf"/points/claims/{claim.pk}/$"))
    page.wait_for_load_state()  # the page's stylesheets too: the URL changes before they come
    assert min(heights(page.locator("main p:last-of-type a"))) >= 44  # 我的全部申请 · 我的积分

    page.goto(f"{live_server.url}/vouchers/")
    tap(page, page.locator(f"#voucher-history [data-code='{given_back.code}'] .status"))
    expect(page).to_have_url(re.compile(rf"/vouchers/{given_back.code}/$"))

    counter = signed_in_phone(browser, live_server, barber, "/redeem/")
    links = counter.locator(".redeem-links a")
    expect(links).to_have_count(2)  # 核销记录 · 本店的奖品
    assert min(heights(links)) >= 44
    assert no_sideways_scroll(counter)


def test_the_venues_phone_on_a_voucher_and_the_link_to_its_rewards_are_44_px(live_server, browser):
    shop = VenueFactory(name="王师傅理发店", phone="028-84600111")
    rider = RiderFactory()
    give_points(rider, 100)
    voucher = issue(rider, RewardFactory(venue=shop, title="免费快剪一次", cost=30))

    page = signed_in_phone(browser, live_server, rider, f"/vouchers/{voucher.code}/")
    phone = page.locator("main a[href='tel:028-84600111']")
    assert phone.bounding_box()["height"] >= 44
    # ... and its number stays on the line of its label, 电话.
    number_top = phone.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect().top; }"
    )
    label_top = page.locator("dt", has_text="电话").bounding_box()["y"]
    assert abs(number_top - label_top) <= 3

    page.goto(f"{live_server.url}/venues/{shop.pk}/")
    to_rewards = page.get_by_test_id("venue-rewards").locator(f"a[href='/rewards/?venue={shop.pk}']")
    assert to_rewards.bounding_box()["height"] >= 44  # 用积分兑换


def test_a_voucher_card_opens_its_large_qr_where_tapped_and_its_cancel_button_still_cancels(live_server, browser):
    shop, _barber, rider = barbers_counter(points=100)
    opened = issue(rider, RewardFactory(venue=shop, title="免费快剪一次", cost=30))
    given_back = issue(rider, RewardFactory(venue=shop, title="洗发一次", cost=20))

    page = signed_in_phone(browser, live_server, rider, "/vouchers/")
    page.on("dialog", lambda dialog: dialog.accept())
    tap(page, page.locator(f"#usable-vouchers [data-code='{opened.code}'] [data-testid=voucher-qr]"))
    expect(page).to_have_url(re.compile(rf"/vouchers/{opened.code}/$"))

    page.goto(f"{live_server.url}/vouchers/")
    tap(page, page.locator(f"#usable-vouchers [data-code='{given_back.code}'] [data-testid=cancel-voucher]"))
    expect(page.locator(".messages")).to_contain_text("兑换券已取消，20 积分已退回您的账户。")
