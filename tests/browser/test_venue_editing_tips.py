"""In Chromium on a 360 px phone (staff-content review #11): a reviewer opens 编辑后通过 on a tip
that carries its author's phone number, takes the number out and approves; the guide a rider
reads has the trimmed tip. The card fits the phone, and tells the reviewer who edits guides.
Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import page_width, phone, screenshot, signed_in_phone
from tests.factories import ReviewerFactory, RiderFactory
from tests.venues.factories import CompoundFactory, TipFactory
from venues.models import TipStatus

WITH_PHONE = "3号门22点后可进电动车，有事打我电话13800000016"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_trims_a_tip_on_a_phone_and_riders_read_the_trimmed_tip(live_server, browser, tmp_path):
    author = RiderFactory(display_name="张小微")
    tip = TipFactory(compound=CompoundFactory(name="成龙锦苑"), author=author, text=WITH_PHONE)
    page = signed_in_phone(browser, live_server, ReviewerFactory(), "/staff/venues/tips/")

    card = page.locator(f'[data-tip-id="{tip.pk}"]')
    expect(card.get_by_test_id("tip-guide")).to_contain_text("请告知街道管理员")
    card.get_by_text("编辑后通过").click()
    text = card.get_by_label("发布后的贴士内容")
    expect(text).to_have_value(tip.text)
    assert page_width(page) <= 360
    screenshot(page, tmp_path, "tip-edit-open-360.png", full_page=True)
    text.fill("3号门22点后可进电动车。")
    card.get_by_test_id("approve-edited").click()

    expect(page.locator(".messages, .msg").first).to_contain_text("贴士已修改并发布")
    tip.refresh_from_db()
    assert (tip.status, tip.text) == (TipStatus.APPROVED, "3号门22点后可进电动车。")

    rider = phone(browser)
    rider.goto(f"{live_server.url}/compounds/{tip.compound_id}/")
    tips = rider.get_by_test_id("tips")
    expect(tips).to_contain_text("3号门22点后可进电动车。")
    expect(tips).not_to_contain_text("13800000016")
