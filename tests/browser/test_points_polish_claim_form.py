"""In a real browser at 360 px: the claim form's rule names fit, the chosen rule's points and
caps are said in full under the select, and the quantity reads hours or times as the rider
changes the rule."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from points.models import Rule
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory
from tests.points.factories import CategoryFactory, RuleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


def test_the_claim_form_says_the_rule_in_full_and_asks_hours_or_times(live_server, browser):
    rider = RiderFactory()
    good_deeds = CategoryFactory(name="好人好事")
    honest = RuleFactory(category=good_deeds, name="拾金不昧、见义勇为等好人好事", points=50, evidence=Rule.Evidence.PHOTO)
    hours = RuleFactory(name="志愿服务时长", points=10, unit=Rule.Unit.HOUR, max_per_day=40)

    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/points/claims/new/")
    facts = page.get_by_test_id("rule-facts")
    expect(facts).to_be_hidden()
    expect(page.get_by_test_id("quantity-label")).to_have_text("次数 / 小时数")

    page.locator("select[name=rule]").select_option(str(hours.pk))
    expect(facts).to_have_text("10 积分/小时 · 每天最多 40 积分")
    expect(page.get_by_test_id("quantity-label")).to_have_text("时长（小时）")
    expect(page.get_by_test_id("quantity-help")).to_have_text("以半小时为单位，0.5 至 24 小时。")

    page.locator("select[name=rule]").select_option(str(honest.pk))
    expect(facts).to_have_text("50 积分/次 · 需要照片")
    expect(page.get_by_test_id("quantity-label")).to_have_text("次数")
    expect(page.get_by_test_id("photo-needed")).to_be_visible()
    # The select and the line under it stay within the phone's width (the line wraps).
    for box in (page.locator("select[name=rule]").bounding_box(), facts.bounding_box()):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert no_sideways_scroll(page)
