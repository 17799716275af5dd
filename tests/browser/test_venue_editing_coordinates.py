"""In Chromium on a 360 px phone (staff-content review #4): with the map down, a newcomer types
the numbers; the form says they are GPS (WGS-84) numbers and that AMap's are a few hundred
metres off, names a pair typed the wrong way round, and refuses a gate given a latitude only,
at the gate's own row, which opens to show it. Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import amap, page_width, screenshot, signed_in_phone
from tests.factories import StreetAdminFactory
from tests.venues.factories import CompoundFactory
from venues.models import Compound, Venue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures(amap.__name__)]


def test_a_swapped_pair_is_named_under_the_latitude(live_server, browser, tmp_path):
    # The tiles cannot be reached (as from the reviewer's sandbox).
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/venues/new/", tiles="down")

    location = page.locator("#venue-location")
    expect(location).to_contain_text("请填写 GPS 坐标（WGS-84）")
    expect(location).to_contain_text("从高德地图或腾讯地图复制的坐标是 GCJ-02，会偏差几百米")
    expect(page.locator("#id_lat_helptext")).to_have_text("本街道一带约为 30.6。")

    page.locator("#id_name").fill("反了的驿站")
    page.locator("#id_kind").select_option("community_station")
    page.locator("#id_address").fill("成龙大道二段 88 号")
    page.locator("#id_lat").fill("104.126")
    page.locator("#id_lng").fill("30.608")
    page.locator("#save-venue").click()

    error = page.locator("#id_lat_error")
    expect(error).to_have_text(re.compile("纬度和经度可能填反了：本街道一带的纬度约为 30.6，经度约为 104.1。"))
    expect(page.locator("#id_lng_error")).to_have_count(0)
    assert not Venue.objects.exists()
    assert page_width(page) <= 360
    error.scroll_into_view_if_needed()
    screenshot(page, tmp_path, "venue-coordinates-swapped-360.png")


def test_a_gate_with_a_latitude_only_is_refused_in_its_own_row(live_server, browser, tmp_path):
    compound = CompoundFactory(name="成龙锦苑")
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), f"/staff/venues/compounds/{compound.pk}/", tiles="down")

    new_gate = page.locator("#gates-formset details.fs-row-new")
    new_gate.get_by_text("添加大门").click()
    new_gate.locator('input[name$="-name"]').fill("西门")
    expect(new_gate.locator(".helptext").filter(has_text="与小区的坐标系相同")).to_be_visible()
    new_gate.get_by_label("纬度", exact=True).fill("30.6046")
    page.locator("#save-compound").click()

    row = page.locator("#gates-formset details.fs-row").last
    expect(row).to_have_attribute("open", "")
    expect(row.locator(".errorlist")).to_contain_text("请同时填写经度，或两者都不填。")
    assert not Compound.objects.get().gates.exists()
    assert page_width(page) <= 360
    row.scroll_into_view_if_needed()
    screenshot(page, tmp_path, "gate-half-point-360.png")

    row.get_by_label("经度", exact=True).fill("104.1271")
    page.locator("#save-compound").click()
    expect(page).to_have_url(re.compile(rf"/staff/venues/compounds/{compound.pk}/$"))
    expect(page.locator(".msg, .messages").first).to_contain_text("已保存")
    gate = Compound.objects.get().gates.get()
    assert (gate.name, gate.lat, gate.lng) == ("西门", 30.6046, 104.1271)
