"""In Chromium on a 360 px phone: a street admin on a fresh database finds 社区 in the venues'
sub-navigation, adds the sub-district's communities, renames one, and the import page lists
them. Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import page_width, screenshot, signed_in_phone
from tests.factories import StreetAdminFactory
from venues.models import Community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_street_admin_adds_and_renames_communities_on_a_phone(live_server, browser, tmp_path):
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/venues/import/")
    page.get_by_test_id("communities-link").click()
    expect(page).to_have_url(re.compile(r"/staff/venues/communities/$"))
    expect(page.get_by_test_id("no-communities")).to_be_visible()

    for name in ("望平社区", "驿都社区"):
        page.get_by_role("textbox", name="名称", exact=True).fill(name)
        page.get_by_role("button", name="添加", exact=True).click()
        expect(page.locator(".messages, .msg").first).to_contain_text(f"已添加社区“{name}”。")
    expect(page.locator("#communities tbody tr")).to_have_count(2)
    assert page_width(page) <= 360
    screenshot(page, tmp_path, "communities-360.png", full_page=True)

    page.locator("#communities").get_by_role("link", name="驿都社区").click()
    page.get_by_role("textbox", name="名称", exact=True).fill("驿都路社区")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#communities")).to_contain_text("驿都路社区")
    assert sorted(Community.objects.values_list("name", flat=True)) == ["望平社区", "驿都路社区"]
    page.locator(".subnav").get_by_role("link", name="社区").click()
    expect(page).to_have_url(re.compile(r"/staff/venues/communities/$"))
