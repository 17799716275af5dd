"""In a real browser at 360 px, in English and in Chinese: the barber types the code of a voucher
the rider has cancelled. The verdict says when it was cancelled, not a "Valid until" date weeks
ahead beside "Cancelled"; and the code reads on one line, as the barber reads it back to the rider
(in English it broke after 323W-AATZ-)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from points.rewards import services
from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.points.rewards.factories import RewardFactory, barbers_counter, issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def lines_of(locator) -> int:
    """How many lines the element's text takes on the screen."""
    return locator.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
    )


@pytest.mark.parametrize(
    ("language", "cancelled", "valid_until"), [("English", "Cancelled", "Valid until"), ("简体中文", "已取消", "有效期至")]
)
def test_a_cancelled_voucher_says_when_it_was_cancelled(live_server, browser, language, cancelled, valid_until):
    shop, barber, rider = barbers_counter(points=100)
    voucher = issue(rider, RewardFactory(venue=shop, title="免费快剪一次", cost=80))
    services.voucher_cancel(rider=rider, code=voucher.code)

    page = signed_in_phone(browser, live_server, barber, "/redeem/")
    page.get_by_role("button", name=language).click()
    page.locator("#code-input").fill(voucher.code.lower())
    page.locator("#lookup").click()

    verdict = page.get_by_test_id("verdict")
    expect(verdict).to_have_attribute("data-result", "cancelled")
    facts = page.get_by_test_id("verdict-voucher")
    expect(facts.locator("dt")).to_contain_text([cancelled])
    expect(facts.locator("dt", has_text=valid_until)).to_have_count(0)
    voucher.refresh_from_db()
    when = timezone.localtime(voucher.cancelled_at).strftime("%Y-%m-%d %H:%M")
    expect(page.get_by_test_id("verdict-cancelled-at")).to_have_text(when)
    for code in verdict.locator(".voucher-code").all():
        assert lines_of(code) == 1
    assert no_sideways_scroll(page)
