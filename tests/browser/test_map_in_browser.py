"""In a real browser on a 360 px phone: the venue map comes first, the list is one tap away,
each kind of venue has its own pin colour and letter explained by a legend, the pins sit
where AMap's GCJ-02 tiles draw the street (the same conversion as the navigation links), and
when tiles do not come the rider is told so and gets the list instead of a grey box.

Tiles are stubbed: the configured AMap URL is routed to one small PNG, or aborted. Screenshots
at 360 and 1280 px go to $SCREENSHOT_DIR when set, else to the test's temporary directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import PNG, TILE_PATTERN, amap, folder_for, stub_tiles
from tests.venues.factories import HERE, VenueFactory
from venues.models import VenueKind
from venues.navigation import wgs84_to_gcj02

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures(amap.__name__)]

VECTORS = json.loads((Path(__file__).parents[1] / "venues" / "gcj02_vectors.json").read_text(encoding="utf-8"))
COLOURS = {
    VenueKind.COMMUNITY_STATION: "rgb(194, 65, 12)",
    VenueKind.MERCHANT: "rgb(126, 34, 206)",
    VenueKind.HOSPITAL: "rgb(185, 28, 28)",
    VenueKind.ACADEMY: "rgb(29, 78, 216)",
    VenueKind.PROPERTY_STATION: "rgb(4, 120, 87)",
}


@pytest.fixture
def street():
    """One venue of each kind around Chenglong Road, stored in WGS-84."""
    return {
        kind: VenueFactory(name=f"{label}一号", kind=kind, lat=HERE[0] + i * 0.002, lng=HERE[1] + i * 0.001)
        for i, (kind, label) in enumerate(VenueKind.choices)
    }


def test_the_map_comes_first_on_a_phone_with_a_pin_and_legend_for_each_kind(live_server, page: Page, street, tmp_path):
    asked = stub_tiles(page)
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_server.url}/venues/")

    venue_map = page.locator("#venue-map")
    expect(venue_map).to_be_visible()
    # The map starts within the first screen; the 13 chips wait in the closed filter sheet.
    assert venue_map.bounding_box()["y"] < 400
    expect(page.locator(".amenity-filter")).to_be_hidden()
    expect(page.get_by_test_id("venue-item").first).to_be_hidden()
    # The tiles asked for are AMap's, on its four subdomains' pattern.
    page.wait_for_function("document.querySelectorAll('#venue-map img.leaflet-tile-loaded').length > 0")
    assert asked and all(".is.autonavi.com/appmaptile?" in url for url in asked)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("高德地图")

    # A pin per venue, coloured and lettered by kind; the legend names each colour.
    legend = page.get_by_test_id("map-legend")
    expect(legend).to_be_visible()
    for kind, venue in street.items():
        pin = page.locator(f'.venue-pin[data-venue-id="{venue.id}"]')
        expect(pin).to_be_visible()
        # The teardrop inside Leaflet's icon element carries the colour (test_venue_map_review_in_browser.py).
        assert pin.locator(".pin").evaluate("e => getComputedStyle(e).backgroundColor") == COLOURS[kind]
        swatch = legend.locator(f'li[data-kind="{kind}"] .pin')
        assert swatch.evaluate("e => getComputedStyle(e).backgroundColor") == COLOURS[kind]
        with translation.override("zh-hans"):  # the page is in Chinese
            expect(legend.locator(f'li[data-kind="{kind}"]')).to_contain_text(str(VenueKind(kind).label))
        assert pin.inner_text().strip() == swatch.inner_text().strip() != ""

    folder = folder_for(tmp_path)
    page.screenshot(path=str(folder / "venue-map-360.png"), full_page=True)
    assert no_sideways_scroll(page)

    # The toggle shows the list (and back); the map hides while the list shows.
    page.locator("#show-list").click()
    expect(page.get_by_test_id("venue-item")).to_have_count(5)
    expect(page.get_by_test_id("venue-item").first).to_be_visible()
    expect(venue_map).to_be_hidden()
    expect(page.locator("#show-list")).to_have_attribute("aria-pressed", "true")
    page.screenshot(path=str(folder / "venue-list-360.png"), full_page=True)
    page.locator("#show-map").click()
    expect(venue_map).to_be_visible()

    # The filters open as a sheet.
    page.get_by_test_id("filter-summary").click()
    expect(page.locator("#id_q")).to_be_visible()

    # At 1280 px: list and map side by side, no toggle.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator("#view-toggle")).to_be_hidden()
    expect(page.get_by_test_id("venue-item").first).to_be_visible()
    expect(venue_map).to_be_visible()
    page.screenshot(path=str(folder / "venue-map-1280.png"), full_page=True)


def test_the_active_filters_are_counted_on_the_closed_sheet(live_server, page: Page, street):
    stub_tiles(page)
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_server.url}/venues/?kind=merchant&open_now=on")
    expect(page.get_by_test_id("filter-count")).to_have_text("2")
    expect(page.locator("#filter-sheet")).not_to_have_attribute("open", "")


def test_when_tiles_fail_the_rider_is_told_and_gets_the_list(live_server, page: Page, street, tmp_path):
    page.route(TILE_PATTERN, lambda route: route.abort())
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_server.url}/venues/")

    expect(page.get_by_test_id("map-failed")).to_be_visible()
    expect(page.locator("#venue-map")).to_be_hidden()
    expect(page.get_by_test_id("venue-item")).to_have_count(5)
    expect(page.get_by_test_id("venue-item").first).to_be_visible()
    expect(page.locator("#view-toggle")).to_be_hidden()
    page.screenshot(path=str(folder_for(tmp_path) / "venue-map-failed-360.png"), full_page=True)


def test_when_no_tile_arrives_in_time_the_list_shows_too(live_server, page: Page, street):
    # Tiles that hang (a basement): no error event ever, only silence.
    page.route(TILE_PATTERN, lambda route: None)
    page.set_viewport_size({"width": 360, "height": 780})
    # The page's load event waits for the tiles too: only the document is awaited.
    page.goto(f"{live_server.url}/venues/", wait_until="domcontentloaded")
    expect(page.get_by_test_id("map-failed")).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("venue-item").first).to_be_visible()


def test_a_pin_sits_at_the_gcj02_position_the_python_conversion_gives(live_server, page: Page, street):
    stub_tiles(page)
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_server.url}/venues/")
    venue = street[VenueKind.HOSPITAL]
    page.wait_for_selector(f'.venue-pin[data-venue-id="{venue.id}"]')

    pin = page.locator(f'.venue-pin[data-venue-id="{venue.id}"]')

    # Leaflet's own position of the pin (marker.getLatLng(), put on the element by venues.js)
    # is the Python conversion of the stored WGS-84 point: a few hundred metres off it.
    expected = wgs84_to_gcj02(venue.lat, venue.lng)
    drawn = [float(pin.get_attribute("data-map-lat")), float(pin.get_attribute("data-map-lng"))]
    assert drawn == pytest.approx(list(expected), abs=1e-9)
    assert abs(drawn[0] - venue.lat) * 111_000 > 100

    # The JS port gives the Python numbers for every shared vector, both ways.
    for vector in VECTORS["vectors"]:
        there = page.evaluate("([lat, lng]) => FSMaps.wgs84ToGcj02(lat, lng)", vector["wgs84"])
        assert there == pytest.approx(vector["gcj02"], abs=VECTORS["tolerance_degrees"]), vector["name"]
        back = page.evaluate("([lat, lng]) => FSMaps.gcj02ToWgs84(lat, lng)", vector["gcj02"])
        assert back == pytest.approx(vector["wgs84"], abs=1e-7), vector["name"]


def test_with_openstreetmap_tiles_nothing_is_converted(live_server, page: Page, street, settings):
    settings.MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_SUBDOMAINS = "abc"
    settings.MAP_TILE_CRS = "wgs84"
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(status=200, content_type="image/png", body=PNG))
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_server.url}/venues/")
    venue = street[VenueKind.HOSPITAL]
    pin = page.locator(f'.venue-pin[data-venue-id="{venue.id}"]')
    expect(pin).to_be_visible()
    assert [float(pin.get_attribute("data-map-lat")), float(pin.get_attribute("data-map-lng"))] == pytest.approx(
        [venue.lat, venue.lng], abs=1e-12
    )
