"""Leftovers of the public review, in Chromium on a 360 px phone: a venue is as far on the
rider home as on the venue list (one rule, the server's: 90米, not 87 米 here and 90米 there);
"只看营业中" is a filter the rider sees beside the map, ticked or not, and the count says what
it found; the map's legend is above the map, on the first screen; a rider who refuses the
location is told so on the home page and still gets the stations open now.

Tiles are stubbed (venue_pages.stub_tiles). Screenshots go to $SCREENSHOT_DIR when set,
else to the test's temporary directory."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.venue_pages import amap, box, folder_for, page_width, phone, stub_tiles
from tests.venues.factories import HERE, VenueFactory
from venues.models import VenueKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures(amap.__name__)]

NEAR = f"{HERE[0]},{HERE[1]}"
# 0.00078° of latitude is 86.7 m: the home said "87 米", the list "90米".
EIGHTY_SEVEN_METRES = 0.00078


@pytest.fixture
def stations():
    """Two stations open around the clock (87 m and 1.23 km from the rider) and one closed all week."""
    return {
        "near": VenueFactory(name="街角的驿站", lat=HERE[0] + EIGHTY_SEVEN_METRES),
        "far": VenueFactory(name="一公里外的驿站", lat=HERE[0] + 0.01106),
        "closed": VenueFactory(name="打烊的驿站", lat=HERE[0] + 0.0003, hours=""),
    }


def test_a_venue_is_as_far_on_the_home_page_as_on_the_venue_list(live_server, browser, stations, tmp_path):
    page = phone(browser, permissions=["geolocation"], geolocation={"latitude": HERE[0], "longitude": HERE[1]})
    page.goto(f"{live_server.url}/")  # granted before: the nearest come without a tap
    found = page.get_by_test_id("home-nearby-venue")
    expect(found).to_have_count(2)
    on_home = {
        found.nth(i).locator("span").first.inner_text(): found.nth(i).get_by_test_id("home-nearby-distance").inner_text()
        for i in range(2)
    }
    page.screenshot(path=str(folder_for(tmp_path) / "home-distances-360.png"))

    page.goto(f"{live_server.url}/venues/?near={NEAR}")
    cards = page.get_by_test_id("venue-item")
    on_list = {
        cards.nth(i).locator("h2").inner_text(): cards.nth(i).get_by_test_id("distance").inner_text()
        for i in range(cards.count())
    }

    assert on_home == {"街角的驿站": "90米", "一公里外的驿站": "1.2公里"}
    assert {name: on_list[name] for name in on_home} == on_home


def test_only_venues_open_now_is_a_filter_the_rider_sees_ticked_or_not(live_server, page: Page, stations, tmp_path):
    stub_tiles(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/venues/")
    toggle = page.get_by_label("只看营业中")
    chip = page.get_by_test_id("open-now-filter")
    expect(toggle).not_to_be_checked()
    # Beside the map, on the first screen, with the sheet closed; a 44 px target.
    expect(page.locator("#filter-sheet")).not_to_have_attribute("open", "")
    expect(chip).to_be_visible()
    assert box(chip)["y"] + box(chip)["height"] <= 740 and box(chip)["height"] >= 44
    expect(page.get_by_test_id("venue-count")).to_have_text("3个阵地")
    off_colour = chip.locator("span").evaluate("e => getComputedStyle(e).backgroundColor")
    folder = folder_for(tmp_path)
    page.screenshot(path=str(folder / "open-now-off-360.png"))

    chip.click()

    # Applied at once: the closed station is gone, the count says what is left, the box is ticked.
    expect(page).to_have_url(re.compile(r"open_now=on"))
    expect(toggle).to_be_checked()
    expect(page.get_by_test_id("venue-count")).to_have_text("2个营业中的阵地")
    assert chip.locator("span").evaluate("e => getComputedStyle(e).backgroundColor") != off_colour
    assert chip.locator("span").evaluate("e => getComputedStyle(e, '::before').content") == '"✓"'
    page.locator("#show-list").click()
    expect(page.get_by_test_id("venue-item")).to_have_count(2)
    assert "打烊的驿站" not in page.locator("#venue-list").inner_text()
    # The sheet counts it among the filters on, and its search keeps it.
    expect(page.get_by_test_id("filter-count")).to_have_text("1")
    page.get_by_test_id("filter-summary").click()
    page.get_by_label("搜索").fill("驿站")
    page.locator("#apply-filters").click()
    expect(page).to_have_url(re.compile(r"open_now=on"))
    expect(toggle).to_be_checked()
    assert page_width(page) <= 360
    page.screenshot(path=str(folder / "open-now-on-360.png"))

    # Tapped again: every venue.
    chip.click()
    expect(toggle).not_to_be_checked()
    expect(page.get_by_test_id("venue-count")).to_have_text("3个阵地")


def test_the_map_legend_is_above_the_map_on_the_first_screen(live_server, page: Page, tmp_path):
    for i, (kind, _label) in enumerate(VenueKind.choices):
        VenueFactory(kind=kind, lat=HERE[0] + i * 0.002, lng=HERE[1] + i * 0.001)
    stub_tiles(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/venues/")

    legend, venue_map = page.get_by_test_id("map-legend"), page.locator("#venue-map")
    expect(legend).to_be_visible()
    expect(venue_map).to_be_visible()
    page.wait_for_function("document.querySelectorAll('#venue-map img.leaflet-tile-loaded').length > 0")
    key, area = box(legend), box(venue_map)
    # Every kind's entry on the first screen, right above the pins; the map starts on it too.
    for kind, _label in VenueKind.choices:
        entry = box(legend.locator(f'li[data-kind="{kind}"]'))
        assert entry["y"] >= 0 and entry["y"] + entry["height"] <= 740, kind
    assert key["y"] + key["height"] <= area["y"] <= key["y"] + key["height"] + 8
    assert area["y"] + area["height"] <= 740 and area["height"] >= 300  # the whole map on the first screen too
    assert key["height"] <= 60  # two short rows at most
    page.screenshot(path=str(folder_for(tmp_path) / "legend-above-map-360.png"))

    # At 1280 px too, above the map beside the list.
    page.set_viewport_size({"width": 1280, "height": 900})
    key, area = box(legend), box(venue_map)
    assert key["y"] + key["height"] <= area["y"]
    assert key["x"] == pytest.approx(area["x"], abs=1)


def test_a_rider_who_refuses_the_location_is_told_and_gets_the_open_stations(live_server, browser, stations, tmp_path):
    page = phone(browser, permissions=[])
    # The browser would ask (not decided yet); the rider's answer, on the tap, is no: Chromium
    # refuses what was not granted.
    page.add_init_script("""navigator.permissions.query = function () { return Promise.resolve({state: "prompt"}); };""")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("home-nearby-without")).to_be_hidden()

    page.get_by_test_id("home-nearby-locate").click()

    told = page.get_by_test_id("home-nearby-without")
    expect(told).to_have_text("未获得位置权限，无法按距离排序。现在开放的驿站：")
    found = page.get_by_test_id("home-nearby-venue")
    expect(found).to_have_count(2)
    # Without a position: the open stations, without distances, the closed one left out.
    assert sorted(found.all_inner_texts()) == ["一公里外的驿站", "街角的驿站"]
    expect(page.get_by_test_id("home-nearby-distance")).to_have_count(0)
    # The browser will not ask again: no button that does nothing.
    expect(page.get_by_test_id("home-nearby-locate")).to_be_hidden()
    assert box(told)["y"] < 740
    page.screenshot(path=str(folder_for(tmp_path) / "home-refused-360.png"))
    found.first.click()
    expect(page.get_by_test_id("venue-detail")).to_be_visible()


def test_a_rider_who_refused_before_is_told_at_once_and_can_try_again(live_server, browser, stations):
    page = phone(browser, permissions=[])  # refused (Chromium's state for what was not granted)
    page.goto(f"{live_server.url}/")

    expect(page.get_by_test_id("home-nearby-without")).to_have_text("未获得位置权限，无法按距离排序。现在开放的驿站：")
    expect(page.get_by_test_id("home-nearby-venue")).to_have_count(2)
    expect(page.get_by_test_id("home-nearby-distance")).to_have_count(0)

    # Allowed since, in the phone's settings: the button is still there, and now sorts.
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": HERE[0], "longitude": HERE[1]})
    page.get_by_test_id("home-nearby-locate").click()

    expect(page.get_by_test_id("home-nearby-without")).to_be_hidden()
    expect(page.get_by_test_id("home-nearby-distance")).to_have_text(["90米", "1.2公里"])


def test_a_phone_that_cannot_find_itself_says_so_and_lets_the_rider_try_again(live_server, browser, stations):
    page = phone(browser, permissions=["geolocation"])
    # A position that never comes (a basement): the browser's own timeout error.
    page.add_init_script(
        """navigator.geolocation.getCurrentPosition = function (ok, fail) {
             setTimeout(function () { fail({code: 3, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3}); }, 10);
           };"""
    )
    page.goto(f"{live_server.url}/")
    # Granted already: the page asks for the position at once.
    expect(page.get_by_test_id("home-nearby-without")).to_have_text("暂时无法获取您的位置，未按距离排序。现在开放的驿站：")
    expect(page.get_by_test_id("home-nearby-venue")).to_have_count(2)
    expect(page.get_by_test_id("home-nearby-locate")).to_be_visible()
