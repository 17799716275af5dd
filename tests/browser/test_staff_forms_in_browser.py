"""In a real browser: a street admin creates a venue with the opening-hours editor (周一…周日,
a second range, "same as Monday", 24 hours, a night past midnight) and by tapping the map,
and the saved venue has those hours and the tapped point in WGS-84 (the tiles are AMap's
GCJ-02, so the picked point is converted back before it is stored). Then every staff and
partner form, at 360 and 1280 px: nothing sticks out sideways, every control has a label,
and axe-core finds no serious or critical violation.

Tiles are stubbed (one small PNG). Screenshots go to $SCREENSHOT_DIR when set (/tmp/fs-shots
to look at them), else to the test's temporary directory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.browser.venue_pages import amap, folder_for, stub_tiles
from tests.factories import TEST_PASSWORD, PartnerFactory, StreetAdminFactory
from tests.points.factories import CategoryFactory
from tests.venues.factories import CommunityFactory, CompoundFactory, GateFactory, VenueFactory
from venues import hours as hours_lib
from venues.models import Venue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures(amap.__name__)]


@pytest.fixture
def folder(tmp_path) -> Path:
    return folder_for(tmp_path)


def row(page: Page, day: int):
    return page.locator(f'.fs-hours-row[data-day="{day}"]')


def test_a_street_admin_creates_a_venue_with_the_hours_editor_and_a_tap_on_the_map(live_server, page: Page, folder):
    admin = StreetAdminFactory(display_name="管理员")
    CommunityFactory(name="成龙社区")
    stub_tiles(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/staff/venues/new/")

    page.locator("#id_name").fill("暖新驿站·成龙")
    page.locator("#id_kind").select_option(index=1)
    page.locator("#id_address").fill("成龙大道二段 88 号")

    # Monday 09:00–12:00 and 14:00–18:00; Tuesday the same with one tap; Thursday into the night;
    # Saturday 24 hours; Sunday stays closed.
    monday = row(page, 0)
    expect(monday.locator(".fs-hours-day")).to_have_text("周一")
    monday.locator("select").select_option("open")
    page.get_by_label("周一：开门时间").fill("09:00")
    page.get_by_label("周一：关门时间").fill("12:00")
    monday.get_by_role("button", name="＋ 第二段").click()
    page.get_by_label("周一：再次开门时间").fill("14:00")
    page.get_by_label("周一：再次关门时间").fill("18:00")
    row(page, 1).get_by_role("button", name="同周一").click()
    expect(page.get_by_label("周二：再次关门时间")).to_have_value("18:00")
    row(page, 3).locator("select").select_option("open")
    page.get_by_label("周四：开门时间").fill("22:00")
    page.get_by_label("周四：关门时间").fill("02:00")
    expect(row(page, 3).locator("[data-part=first] [data-part=next]")).to_be_visible()
    row(page, 5).locator("select").select_option("24h")
    expect(page.get_by_label("周六：开门时间")).to_be_hidden()

    # A tap in the middle of the map: the tiles are GCJ-02, the form stores WGS-84.
    picker = page.locator("#id_lat_map")
    expect(picker).to_be_visible()
    expect(picker.locator(".leaflet-tile-loaded").first).to_be_attached()
    centre = (float(picker.get_attribute("data-centre-lat")), float(picker.get_attribute("data-centre-lng")))
    picker.click()
    expect(page.locator("#id_lat")).not_to_have_value("")
    lat, lng = float(page.locator("#id_lat").input_value()), float(page.locator("#id_lng").input_value())
    # Drawn at wgs84→gcj02(centre) and picked back with gcj02→wgs84: the centre again, to a
    # pixel (about 5 m at zoom 15). Without the conversion back it would be some 500 m off.
    assert abs(lat - centre[0]) < 0.0001 and abs(lng - centre[1]) < 0.0001, (lat, lng, centre)
    expect(page.locator("#id_lat_map_status")).to_contain_text("已放置")
    page.screenshot(path=str(folder / "venue-form-filled-1280.png"), full_page=True)

    page.locator("#save-venue").click()
    expect(page).to_have_url(re.compile(r"/staff/venues/\d+/$"))
    venue = Venue.objects.get(name="暖新驿站·成龙")
    assert venue.hour_ranges() == hours_lib.parse_hours("Mo-Tu 09:00-12:00,14:00-18:00; Th 22:00-02:00+1; Sa 00:00-24:00")
    assert abs(venue.lat - lat) < 1e-6 and abs(venue.lng - lng) < 1e-6

    # The saved hours come back into the editor as they were entered.
    expect(row(page, 1).locator("select")).to_have_value("open")
    expect(page.get_by_label("周二：再次开门时间")).to_have_value("14:00")
    expect(row(page, 5).locator("select")).to_have_value("24h")
    expect(row(page, 6).locator("select")).to_have_value("closed")


def check_page(page: Page, base: str, path: str, name: str, folder: Path) -> None:
    """Both widths: no sideways scroll, no unlabelled control, axe clean; screenshots."""
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert no_sideways_scroll(page, width), (name, width)
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('main form input:not([type=hidden]), main form select, main form textarea')]
                .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
                .map(el => el.name)"""
        )
        assert not unlabelled, (name, unlabelled)
        # From the site itself: the CSP refuses inline scripts.
        page.add_script_tag(url=f"{base}{settings.STATIC_URL}vendor/axe-core/axe.min.js")
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
        )
        assert not violations, (name, width, violations)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def test_every_staff_and_partner_form_fits_a_phone_and_a_desktop(live_server, page: Page, folder):
    admin = StreetAdminFactory(display_name="管理员")
    community = CommunityFactory(name="成龙社区")
    venue = VenueFactory(name="暖新理发店", community=community, hours="Mo-Fr 09:00-12:00,14:00-21:00; Sa 10:00-02:00+1")
    compound = CompoundFactory(name="龙湖小区", community=community)
    GateFactory(compound=compound, name="南门", hours="Mo-Su 06:00-23:00")
    CategoryFactory()
    stub_tiles(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, admin.username)

    base = live_server.url
    pages = {
        "venue-new": "/staff/venues/new/",
        "venue-edit": f"/staff/venues/{venue.pk}/",
        "compound-new": "/staff/venues/compounds/new/",
        "compound-edit": f"/staff/venues/compounds/{compound.pk}/",
        "rule-new": "/staff/rules/new/",
        "category-new": "/staff/categories/new/",
        "reward-new": "/staff/rewards/new/",
        "activity-new": "/staff/activities/new/",
        "text-new": "/staff/texts/new/",
        "partner-new": "/staff/partners/new/",
        "amenities": "/staff/venues/amenities/",
        "balances": "/staff/balances/",
        "exports": "/staff/exports/",
        "volunteers": "/staff/volunteers/",
    }
    for name, path in pages.items():
        check_page(page, base, path, name, folder)

    # The venue's stored week reads back into the editor in Chinese, the gate's hours too.
    page.goto(f"{base}/staff/venues/{venue.pk}/")
    expect(page.get_by_label("周六：关门时间")).to_have_value("02:00")
    expect(row(page, 5).locator("[data-part=first] [data-part=next]")).to_be_visible()
    page.goto(f"{base}/staff/venues/compounds/{compound.pk}/")
    page.locator("#gates-formset summary", has_text="南门").click()
    expect(page.locator("#id_gates-0-hours")).to_have_value("周一至周日 06:00-23:00")

    # An error: the message is tied to its field and the form says so at the top.
    page.set_viewport_size({"width": 360, "height": 900})
    page.goto(f"{base}/staff/venues/new/")
    page.locator("#save-venue").click()
    expect(page.locator(".fs-alert")).to_be_visible()
    described = page.locator("#id_name").get_attribute("aria-describedby") or ""
    assert "id_name_error" in described
    expect(page.locator("#id_name_error")).to_be_visible()
    page.screenshot(path=str(folder / "venue-errors-360.png"), full_page=True)

    # A partner operator proposes a reward for their venue.
    merchant = PartnerFactory(display_name="商家甲")
    venue.operators.add(merchant)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(merchant.username)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    check_page(page, base, "/redeem/propose/", "propose-reward", folder)


def test_when_tiles_do_not_come_the_numbers_are_still_there_to_type(live_server, page: Page):
    admin = StreetAdminFactory(display_name="管理员")
    page.route("https://*.is.autonavi.com/**", lambda route: route.abort())
    sign_in(page, live_server.url, admin.username)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/staff/venues/new/")

    expect(page.locator("#id_lat_map_status")).to_have_text("地图没有加载出来，请直接在下方填写经纬度。")
    expect(page.locator("#id_lat_map")).to_be_hidden()
    page.locator("#id_lat").fill("30.6035")
    page.locator("#id_lng").fill("104.1262")
    expect(page.locator("#id_lng")).to_have_value("104.1262")
