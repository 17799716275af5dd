"""In a real browser at 360 px: the rider keeps the voucher page open at the counter; the
barber confirms it on their own phone; the rider's page turns to 已使用 by itself (it asks
the API every few seconds while in view), with no reload by the rider."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from points.rewards import services
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import PartnerFactory, RiderFactory
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


def test_the_open_voucher_page_turns_used_when_the_counter_confirms_it(live_server, browser):
    shop = VenueFactory(name="王师傅理发店", kind=VenueKind.MERCHANT, address="成龙大道二段88号")
    barber = PartnerFactory(display_name="王师傅")
    shop.operators.add(barber)
    rider = RiderFactory(display_name="张骑手")
    give_points(rider, 100)
    voucher = issue(rider, RewardFactory(venue=shop, title="免费快剪一次", cost=80, description="含洗剪吹。"))

    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/vouchers/{voucher.code}/")
    expect(page.get_by_test_id("voucher-detail")).to_have_attribute("data-status", "issued")
    expect(page.get_by_test_id("voucher-qr")).to_be_visible()
    expect(page.get_by_test_id("reward-description")).to_have_text("含洗剪吹。")
    # Nothing of the page is cut off or pushed sideways on a small phone.
    assert no_sideways_scroll(page)

    services.voucher_confirm(operator=barber, code=voucher.code)  # at the counter, on the barber's phone

    expect(page.get_by_test_id("voucher-detail")).to_have_attribute("data-status", "redeemed", timeout=15_000)
    expect(page.get_by_test_id("voucher-status")).to_have_text("已使用")
    expect(page.get_by_test_id("voucher-used")).to_contain_text("在王师傅理发店使用")
    expect(page.get_by_test_id("voucher-qr")).to_have_count(0)
