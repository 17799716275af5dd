"""In Chromium on a 360 px phone: a street admin on a fresh database finds 社区 in the venues'
sub-navigation, adds the sub-district's communities, renames one, and the import page lists
them. Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import sign_in
from tests.browser.test_map_in_browser import folder_for
from tests.factories import StreetAdminFactory
from venues.models import Community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser) -> Page:
    return browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()


def test_a_street_admin_adds_and_renames_communities_on_a_phone(live_server, browser, tmp_path):
    admin = StreetAdminFactory()
    page = phone(browser)
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/staff/venues/import/")
    page.get_by_test_id("communities-link").click()
    expect(page).to_have_url(re.compile(r"/staff/venues/communities/$"))
    expect(page.get_by_test_id("no-communities")).to_be_visible()

    for name in ("望平社区", "驿都社区"):
        page.get_by_label("名称").fill(name)
        page.get_by_role("button", name="添加", exact=True).click()
        expect(page.locator(".messages, .msg").first).to_contain_text(f"已添加社区“{name}”。")
    expect(page.locator("#communities tbody tr")).to_have_count(2)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(folder_for(tmp_path) / "communities-360.png"), full_page=True)

    page.locator("#communities").get_by_role("link", name="驿都社区").click()
    page.get_by_label("名称").fill("驿都路社区")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#communities")).to_contain_text("驿都路社区")
    assert sorted(Community.objects.values_list("name", flat=True)) == ["望平社区", "驿都路社区"]
    page.locator(".subnav").get_by_role("link", name="社区").click()
    expect(page).to_have_url(re.compile(r"/staff/venues/communities/$"))
