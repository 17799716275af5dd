"""In a real browser on a 360 px phone: a street admin finds the barber's colleague by the last
four digits of their phone, ticks 合作商户, adds the barber's venue, and the page never scrolls
sideways; deactivating asks first."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.browser.venue_pages import phone
from tests.factories import PartnerFactory, StreetAdminFactory, UserFactory
from tests.venues.factories import VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_street_admin_makes_the_colleague_an_operator_on_a_phone(live_server, browser):
    venue = VenueFactory(name="成龙路暖心理发店")
    venue.operators.add(PartnerFactory(display_name="王师傅"))
    colleague = UserFactory(display_name="王小剪", phone="+8613912345678")
    page = phone(browser)
    sign_in(page, live_server.url, StreetAdminFactory().username)

    page.goto(f"{live_server.url}/staff/users/")
    assert no_sideways_scroll(page)
    page.get_by_label("手机号（完整或后4位）、用户名或姓名").fill("5678")
    page.get_by_role("button", name="查找").click()
    page.locator(f'[data-user-id="{colleague.pk}"] a').click()
    # The person's page has loaded before it is measured (measuring mid-navigation finds no page).
    expect(page.get_by_label("合作商户")).to_be_visible()
    assert no_sideways_scroll(page)

    page.get_by_label("合作商户").check()
    page.get_by_role("button", name="保存角色").click()
    expect(page.get_by_text("已保存王**的角色。")).to_be_visible()
    page.get_by_label("场所").select_option(label="成龙路暖心理发店")
    page.get_by_role("button", name="关联场所").click()

    expect(page.locator('[data-testid="operated-venue"]')).to_contain_text("成龙路暖心理发店")
    assert no_sideways_scroll(page)
    assert colleague in venue.operators.all()

    page.once("dialog", lambda dialog: dialog.dismiss())  # 确定停用此账号吗？ — no
    page.get_by_role("button", name="停用账号").click()
    expect(page.get_by_text("账号有效")).to_be_visible()
    colleague.refresh_from_db()
    assert colleague.is_active
