"""In a real browser on a 360 × 740 phone: a rider signed up for today's street clean-up opens
its page at the door. The check-in QR was below the first screen, after the description, so
they scrolled past what they had read before while the queue waited. On the day, holding a
place, the QR (with what to do with it) comes before the description, within the first screen;
on other days the page reads as before (test_checkin_qr_first_only_on_the_day.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.browser.venue_pages import folder_for
from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = (
    "沿成龙路从地铁站打扫到社区广场，清理人行道和绿化带里的垃圾。\n\n"
    "请穿方便活动的衣服和鞋子，自带水杯；手套、夹子和垃圾袋由街道办准备。\n\n"
    "集合后先由社工讲解安全注意事项，再分成三组出发，结束后回到集合点签到离场。"
)


def test_on_the_day_the_check_in_qr_is_within_the_first_screen(live_server, browser, tmp_path):
    # Starts in half an hour: check-in is open, the rider walks up to the meeting point.
    activity = ActivityFactory(
        title="成龙路街道清洁", description=DESCRIPTION, lat=Decimal("30.657800"), lng=Decimal("104.081200")
    )
    rider = RiderFactory()
    SignupFactory(activity=activity, rider=rider)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    try:
        page = context.new_page()
        signed_in_by_cookie(page, live_server.url, rider)

        page.goto(f"{live_server.url}/activities/{activity.pk}/")

        qr = page.locator('[data-testid="checkin-qr"] svg')
        expect(qr).to_be_visible()
        box = qr.bounding_box()
        # Seen without scrolling, above the tab bar fixed at the bottom of the screen.
        tabbar = page.locator(".tabbar")
        screen_bottom = tabbar.bounding_box()["y"] if tabbar.count() else 740
        assert box["y"] + box["height"] <= screen_bottom <= 740, (box, screen_bottom)
        assert box["width"] >= 160  # big enough to scan from a step away
        description = page.locator(".vol-description")
        assert box["y"] < description.bounding_box()["y"]
        expect(page.get_by_test_id("checkin-first")).to_contain_text("出示此码")
        expect(page.locator("#my-signup").get_by_test_id("my-status")).to_be_visible()  # still said below
        assert page.locator('[data-testid="checkin-qr"]').count() == 1
        assert no_sideways_scroll(page)
        page.screenshot(path=str(folder_for(tmp_path) / "activity-qr-first-360.png"))
    finally:
        context.close()
