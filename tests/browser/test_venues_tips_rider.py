"""In Chromium on a 360 px phone, a rider on a compound guide (小区指南): the form says what an
approved tip pays and which photos it takes; a double tap on 提交贴士 and Back-and-send-again
leave one tip; the rider then takes it back (撤回这条贴士, after a question) and it is gone from
their list and from the reviewers' queue. Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from points.models import Rule
from tests.browser.steps import sign_in
from tests.browser.test_map_in_browser import folder_for
from tests.factories import RiderFactory
from tests.points.factories import RuleFactory
from tests.venues.factories import CompoundFactory
from tests.venues.test_venue_editing_tips import points_say_what_a_tip_pays  # noqa: F401 - the points rule, through the hook
from venues.models import Tip, TipStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "3号门22点后可进电动车，走右边非机动车道"


@pytest.fixture
def map_down(settings):
    settings.MAP_TILE_URL = "https://tiles.invalid/{z}/{x}/{y}.png"


def phone(browser) -> Page:
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    page.route("https://tiles.invalid/**", lambda route: route.abort())
    return page


def test_a_rider_sends_a_tip_once_whatever_the_taps_and_takes_it_back(
    live_server,
    browser,
    map_down,
    tmp_path,
    points_say_what_a_tip_pays,  # noqa: F811
):
    # The programme's rule (a data migration's row, gone after another test's flush): 5 points.
    if not Rule.objects.filter(code=Rule.COMPOUND_TIP_APPROVED, active=True).exists():
        RuleFactory(code=Rule.COMPOUND_TIP_APPROVED, points=5, rider_claimable=False)
    rider = RiderFactory()
    compound = CompoundFactory(name="成龙锦苑")
    page = phone(browser)
    sign_in(page, live_server.url, rider.username)
    page.goto(f"{live_server.url}/compounds/{compound.pk}/")

    form = page.locator("#tip-form")
    expect(form.get_by_test_id("tip-points")).to_have_text("贴士审核通过后，您可获得 5 积分。")
    expect(form.locator("input[type=file]")).to_have_attribute("accept", "image/jpeg,image/png,image/webp")
    form.get_by_label("您的贴士").fill(TEXT)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(folder_for(tmp_path) / "tip-form-360.png"), full_page=True)

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
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(folder_for(tmp_path) / "tip-mine-360.png"), full_page=True)

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    card.get_by_test_id("retract-tip").click()
    expect(page.locator(".messages, .msg").first).to_contain_text("贴士已撤回")
    assert asked == ["撤回这条贴士？街道办将不再审核它，也不会有人看到它。"]
    expect(page.get_by_test_id("my-tips")).to_have_count(0)
    tip.refresh_from_db()
    assert tip.status == TipStatus.RETRACTED
