"""In Chromium on a 360 px phone (staff-content review #7): a street admin adds a gate with its
name, hours and point only; both rules stay 不详, and a rider's guide shows the gate with its
hours and no guess about e-bikes or the way in; its dot on the map is grey, and the legend says
so. Tiles are stubbed. Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import amap, page_width, phone, screenshot, signed_in_phone
from tests.factories import StreetAdminFactory
from tests.venues.factories import CompoundFactory
from venues.models import Gate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures(amap.__name__)]


def test_a_gate_added_with_its_name_only_shows_no_guess_to_riders(live_server, browser, tmp_path):
    compound = CompoundFactory(name="成龙锦苑")
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), f"/staff/venues/compounds/{compound.pk}/")

    row = page.locator("#gates-formset details.fs-row-new")
    row.get_by_text("添加大门").click()
    expect(row.locator("select[name$=ebikes_allowed] option:checked")).to_have_text("不详")
    expect(row.locator("select[name$=entry_method] option:checked")).to_have_text("不详")
    row.locator("input[name$='-name']").fill("西门")
    row.locator("input[name$='-hours']").fill("周一至周日 06:00-23:00")
    row.get_by_label("纬度", exact=True).fill("30.6046")
    row.get_by_label("经度", exact=True).fill("104.1271")
    assert page_width(page) <= 360
    page.locator("#save-compound").click()
    expect(page.locator(".messages, .msg").first).to_contain_text("已保存")
    expect(page).to_have_url(re.compile(rf"/staff/venues/compounds/{compound.pk}/$"))
    screenshot(page, tmp_path, "gate-saved-360.png", full_page=True)
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
    screenshot(rider, tmp_path, "gate-not-known-guide-360.png", full_page=True)
