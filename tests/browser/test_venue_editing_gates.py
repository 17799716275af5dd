"""In Chromium on a 360 px phone (staff-content review #7): a street admin adds a gate with its
name, hours and point only; both rules stay 不详, and a rider's guide shows the gate with its
hours and no guess about e-bikes or the way in; its dot on the map is grey, and the legend says
so. Tiles are stubbed. Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import sign_in
from tests.browser.test_map_in_browser import AMAP, folder_for, stub_tiles
from tests.factories import StreetAdminFactory
from tests.venues.factories import CompoundFactory
from venues.models import Gate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def amap(settings):
    settings.MAP_TILE_URL = AMAP
    settings.MAP_TILE_SUBDOMAINS = "1234"
    settings.MAP_TILE_CRS = "gcj02"
    settings.MAP_COORD_SYSTEM = "wgs84"


def phone(browser) -> Page:
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    stub_tiles(page)
    return page


def test_a_gate_added_with_its_name_only_shows_no_guess_to_riders(live_server, browser, amap, tmp_path):
    admin = StreetAdminFactory()
    compound = CompoundFactory(name="成龙锦苑")
    page = phone(browser)
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/staff/venues/compounds/{compound.pk}/")

    row = page.locator("#gates-formset details.fs-row-new")
    row.get_by_text("添加大门").click()
    expect(row.locator("select[name$=ebikes_allowed] option:checked")).to_have_text("不详")
    expect(row.locator("select[name$=entry_method] option:checked")).to_have_text("不详")
    row.locator("input[name$='-name']").fill("西门")
    row.locator("input[name$='-hours']").fill("周一至周日 06:00-23:00")
    row.get_by_label("纬度", exact=True).fill("30.6046")
    row.get_by_label("经度", exact=True).fill("104.1271")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("#save-compound").click()
    expect(page.locator(".messages, .msg").first).to_contain_text("已保存")
    expect(page).to_have_url(re.compile(rf"/staff/venues/compounds/{compound.pk}/$"))
    page.screenshot(path=str(folder_for(tmp_path) / "gate-saved-360.png"), full_page=True)
    gate = Gate.objects.get()
    assert (gate.ebikes_allowed, gate.entry_method) == (None, "")

    rider = phone(browser)
    rider.goto(f"{live_server.url}/compounds/{compound.pk}/")
    card = rider.locator(f'[data-testid=gate][data-gate-id="{gate.pk}"]')
    expect(card).to_contain_text("西门")
    expect(card).to_contain_text("06:00")
    expect(card).not_to_contain_text("电动车")
    expect(card).not_to_contain_text("开放，")
    expect(card.get_by_test_id("gate-entry")).to_have_count(0)
    legend = rider.get_by_test_id("gate-legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("大门：电动车能否进入尚不清楚")
    dot = rider.locator("#venue-map path.leaflet-interactive[stroke='#868e96']")
    expect(dot).to_have_count(1)
    rider.screenshot(path=str(folder_for(tmp_path) / "gate-not-known-guide-360.png"), full_page=True)
