"""In a real browser at 360 px: the barber mistypes codes at the counter. Before the look-ups
pause he reads how many tries are left and to scan the rider's QR; when they pause, how long
(at most two minutes) and what to do meanwhile, all on the phone's screen, the code still in
the box and the scan button at hand. (Desk review, finding 1.)"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import PHONE_WIDTH, signed_in_phone
from tests.points.rewards.factories import RewardFactory, barbers_counter, issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def look_up(page, code: str) -> None:
    page.locator("#code-input").fill(code)
    page.locator("#lookup").click()


def fits_on_the_screen(locator) -> bool:
    box = locator.bounding_box()
    return box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH


def test_the_counter_is_warned_then_told_what_to_do_on_a_phone(live_server, browser, settings, monkeypatch):
    # 30 s into a two-minute window of the limiter's clock (the live server shares the module).
    monkeypatch.setattr("friendlystreet.ratelimit.time", SimpleNamespace(time=lambda: 120 * 14_500_000 + 30))
    settings.POINTS_VOUCHER_MISSES_PER_2_MINUTES = 4
    shop, barber, rider = barbers_counter(points=100)
    voucher = issue(rider, RewardFactory(venue=shop, title="免费快剪一次", cost=80))
    page = signed_in_phone(browser, live_server, barber, "/redeem/")
    message = page.get_by_test_id("verdict-message")

    look_up(page, "abcd-efgh-jkm2")
    expect(message).to_have_text("没有这个券码的兑换券，请与骑手核对券码后重新输入。")
    look_up(page, "abcd-efgh-jkm3")
    expect(message).to_have_text(
        "没有这个券码的兑换券，请与骑手核对券码后重新输入。还可以再试 2 次，之后查询会暂停，有效券码也要等。"
        "请扫描骑手手机上的二维码，扫码不会输错。"
    )
    assert fits_on_the_screen(message) and no_sideways_scroll(page, PHONE_WIDTH)
    look_up(page, "abcd-efgh-jkm4")
    expect(message).to_contain_text("还可以再试 1 次")
    look_up(page, "abcd-efgh-jkm5")
    expect(message).to_contain_text("查询已暂停，有效券码也要等：请 2 分钟后再试。")

    # The rider's real code, read out again: it waits the rest of the two minutes, and the
    # page says what to do meanwhile, with the scan button and the code ready to send again.
    look_up(page, voucher.display_code)
    expect(page.get_by_test_id("verdict")).to_have_attribute("data-result", "rate_limited")
    expect(page.get_by_test_id("verdict-head")).to_have_text("查询过于频繁")
    for words in ("请 2 分钟后再试", "在手机上打开这张兑换券（“我的兑换券”）", "扫描券上的二维码", "请联系街道办"):
        expect(message).to_contain_text(words)
    expect(message).to_be_visible()
    assert fits_on_the_screen(message) and no_sideways_scroll(page, PHONE_WIDTH)
    expect(page.locator("#code-input")).to_have_value(voucher.display_code)
    expect(page.locator("#scan-start")).to_be_visible()
