"""At the counter, on a 360 × 740 phone, in Chinese and in English: the voucher's code, which the
merchant types when the QR code will not scan, shows on the first screen with the QR code. It
came after the hint and sat under the rider tab bar (its top at 712 px, the bar's at 684 px): the
rider holding the phone out had to scroll for it. The voucher page also polls every 4 s, so the
phone is closed at the end of the test."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.factories import PartnerFactory, RiderFactory
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("locale", "hint"), [("zh-CN", "请商家输入上方券码"), ("en-US", "type in the code above")])
def test_the_code_shows_with_the_qr_code_above_the_tab_bar(live_server, browser, locale, hint):
    shop = VenueFactory(name="锦绣天府物业暖新小站", kind=VenueKind.PROPERTY_STATION)
    shop.operators.add(PartnerFactory())
    rider = RiderFactory(display_name="李新")
    give_points(rider, 100)
    voucher = issue(rider, RewardFactory(venue=shop, title="电瓶免费充电一次", cost=20))

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=locale, timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        signed_in_by_cookie(page, live_server.url, rider)
        page.goto(f"{live_server.url}/vouchers/{voucher.code}/")

        code = page.get_by_test_id("voucher-code")
        expect(code).to_have_text(voucher.display_code)
        expect(page.get_by_test_id("scan-hint")).to_contain_text(hint)
        tab_bar_top = page.get_by_test_id("tabbar").bounding_box()["y"]
        assert code.bounding_box()["y"] + code.bounding_box()["height"] <= tab_bar_top
        assert page.get_by_test_id("voucher-qr").bounding_box()["y"] >= 0
        assert no_sideways_scroll(page)
    finally:
        context.close()
