"""In Chromium on a 360 px phone, a rider on a compound guide (小区指南): the form says what an
approved tip pays and which photos it takes; a double tap on 提交贴士 and Back-and-send-again
leave one tip; the rider then takes it back (撤回这条贴士, after a question) and it is gone from
their list and from the reviewers' queue. Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import amap, page_width, screenshot, signed_in_phone
from tests.factories import RiderFactory
from tests.venues.factories import CompoundFactory
from tests.venues.test_venue_editing_tips import tip_points_rule
from venues.models import Tip, TipStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # The programme's rule pays 5 points an approved tip.
    pytest.mark.usefixtures(amap.__name__, tip_points_rule.__name__),
]

TEXT = "3号门22点后可进电动车，走右边非机动车道"


def test_a_rider_sends_a_tip_once_whatever_the_taps_and_takes_it_back(live_server, browser, tmp_path):
    rider = RiderFactory()
    compound = CompoundFactory(name="成龙锦苑")
    page = signed_in_phone(browser, live_server, rider, f"/compounds/{compound.pk}/", tiles="down")

    form = page.locator("#tip-form")
    expect(form.get_by_test_id("tip-points")).to_have_text("贴士审核通过后，您可获得 5 积分。")
    expect(form.locator("input[type=file]")).to_have_attribute("accept", "image/jpeg,image/png,image/webp")
    form.get_by_label("您的贴士").fill(TEXT)
    assert page_width(page) <= 360
    screenshot(page, tmp_path, "tip-form-360.png", full_page=True)

    form.get_by_role("button", name="提交贴士").dblclick()
    expect(page).to_have_url(re.compile(r"/compounds/\d+/#my-tips$"))
    expect(page.locator(".messages, .msg").first).to_contain_text("谢谢")
    assert Tip.objects.filter(author=rider).count() == 1

    # Back to the filled form, and send again: still the one tip.
    page.go_back()
    page.locator("#tip-form").get_by_label("您的贴士").fill(TEXT)
    page.locator("#tip-form").get_by_role("button", name="提交贴士").click()
    expect(page.locator(".messages, .msg").first).to_contain_text("这条贴士您已经发送过，只会发送一次。")
    tip = Tip.objects.get(author=rider)
    mine = page.get_by_test_id("my-tips")
    expect(mine.locator("li")).to_have_count(1)
    card = mine.locator(f'[data-tip-id="{tip.pk}"]')
    expect(card).to_contain_text(TEXT)
    assert page_width(page) <= 360
    screenshot(page, tmp_path, "tip-mine-360.png", full_page=True)

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    card.get_by_test_id("retract-tip").click()
    expect(page.locator(".messages, .msg").first).to_contain_text("贴士已撤回")
    assert asked == ["撤回这条贴士？街道办将不再审核它，也不会有人看到它。"]
    expect(page.get_by_test_id("my-tips")).to_have_count(0)
    tip.refresh_from_db()
    assert tip.status == TipStatus.RETRACTED
