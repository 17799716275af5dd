"""In a real browser at 360 px: a rider types a wrong number of times or hours on the claim form
and is told, in Chinese, the bounds the line under the field already gave (1 to 10 times, half
hours from 0.5 to 24), not Django's generic bounds of the field (确保该值大于或等于0.5, 确认小数不超过
1 位.), which contradicted it; the number typed stays in the field."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from points.models import Claim, Rule
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.browser.venue_pages import phone
from tests.factories import RiderFactory
from tests.points.factories import RuleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def send(page, base: str, rule: Rule, quantity: str) -> None:
    page.goto(f"{base}/points/claims/new/")
    page.locator("select[name=rule]").select_option(str(rule.pk))
    page.locator("#id_quantity").fill(quantity)
    page.locator("#submit-claim").click()


def test_a_wrong_count_is_refused_in_the_words_of_the_help_under_the_field(live_server, browser):
    rider = RiderFactory()
    times = RuleFactory(name="文明劝导", points=5)
    hours = RuleFactory(name="志愿服务时长", points=10, unit=Rule.Unit.HOUR)
    page = phone(browser)
    sign_in(page, live_server.url, rider.phone[3:])
    errors = page.locator("#field-quantity .errorlist")

    for typed in ("0", "11", "1.5"):
        send(page, live_server.url, times, typed)
        expect(page.get_by_test_id("quantity-help")).to_have_text("整数，1 至 10 次。")
        expect(errors).to_have_text("请输入 1 到 10 之间的整数。")
        expect(page.locator("#id_quantity")).to_have_value(typed)

    for typed in ("0", "0.25", "25"):
        send(page, live_server.url, hours, typed)
        expect(errors).to_have_text("请以半小时为单位填写小时数，0.5 到 24。")
        expect(page.locator("#id_quantity")).to_have_value(typed)

    assert not Claim.objects.exists()
    assert no_sideways_scroll(page)
