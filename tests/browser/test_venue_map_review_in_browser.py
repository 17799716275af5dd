"""The public review of the venue map, in Chromium on a 360 px phone with location granted
(findings 1, 4, 5 and 16): "离我最近" opens on the sorted list, and the map, one tap away, shows
the rider and the nearest venues with the rider's dot above the pins; every pin stands upright
with its tip on the venue (list, venue page, compound guide); an empty search offers a reset and
the amenity chips, which wrap several to a row; at 1280 px the two location buttons match.

Tiles are stubbed (venue_pages.stub_tiles: AMap is not reachable here): one small PNG for every
tile. Screenshots go to $SCREENSHOT_DIR when set, else to the test's temporary directory."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.venue_pages import TILE_PATTERN, amap, box, folder_for, page_width, stub_tiles
from tests.venues.factories import HERE, AmenityFactory, CompoundFactory, GateFactory, VenueFactory
from venues.models import VenueKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures(amap.__name__)]

AMENITIES = [
    ("phone_charging", "手机充电"),
    ("toilet", "卫生间"),
    ("drinking_water", "饮用水"),
    ("microwave", "微波炉"),
    ("rest_seats", "休息座椅"),
    ("air_conditioning", "空调"),
    ("first_aid", "急救箱"),
    ("wifi", "无线网络"),
    ("umbrella", "雨伞借用"),
    ("repair_kit", "打气补胎"),
    ("e_bike_charging", "电动车充电"),
    ("parking", "骑手停车"),
    ("reading", "阅读角"),
]


@pytest.fixture
def street():
    """Three stations within 300 m of the rider (one right where they stand) and five venues
    3–5 km away: fitting them all would shrink the street to a cluster."""
    for code, name in AMENITIES:
        AmenityFactory(code=code, name=name)
    here = VenueFactory(name="脚下的驿站", amenities=["phone_charging", "toilet"])
    near = [
        here,
        VenueFactory(name="近处的驿站", lat=HERE[0] + 0.001, amenities=["toilet"]),
        VenueFactory(name="近处的商家", kind=VenueKind.MERCHANT, lat=HERE[0] - 0.0015, lng=HERE[1] + 0.001),
    ]
    far = [
        VenueFactory(name=f"远处的阵地{i}", kind=VenueKind.ACADEMY, lat=HERE[0] + 0.03 + i * 0.004, lng=HERE[1] - 0.02)
        for i in range(5)
    ]
    return {"near": near, "far": far}


def at_the_street_corner(page: Page, live_server) -> None:
    """A phone that has granted the site its location: the rider stands at HERE."""
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": HERE[0], "longitude": HERE[1]})
    page.set_viewport_size({"width": 360, "height": 740})


def inside(b: dict, area: dict) -> bool:
    x, y = b["x"] + b["width"] / 2, b["y"] + b["height"]
    return area["x"] <= x <= area["x"] + area["width"] and area["y"] <= y <= area["y"] + area["height"]


def tip_of(pin) -> tuple[float, float]:
    """The sharp corner of a pin's teardrop: the bottom centre of its turned shape's box."""
    b = box(pin.locator(".pin"))
    return b["x"] + b["width"] / 2, b["y"] + b["height"]


def upright(pin) -> bool:
    """Leaflet's icon element is only moved (no turn), and the letter's turn undoes the shape's."""
    return pin.evaluate(
        """e => {
          const m = s => new DOMMatrix(getComputedStyle(s).transform === 'none' ? undefined : getComputedStyle(s).transform);
          const outer = m(e), net = m(e.querySelector('.pin')).multiply(m(e.querySelector('.pin > span')));
          const near = (a, b) => Math.abs(a - b) < 1e-6;
          return near(outer.b, 0) && near(outer.c, 0) && near(net.a, 1) && near(net.b, 0) && near(net.c, 0) && near(net.d, 1);
        }"""
    )


def test_nearest_to_me_opens_on_the_sorted_list_and_the_map_shows_me_above_the_nearest_pins(
    live_server, page: Page, street, tmp_path
):
    asked = stub_tiles(page)
    at_the_street_corner(page, live_server)
    page.goto(f"{live_server.url}/venues/")
    expect(page.locator("#venue-map")).to_be_visible()

    page.get_by_role("button", name="离我最近").click()

    # The list, nearest first with distances, is what the rider sees; the map waits.
    expect(page).to_have_url(re.compile(r"near=30\.6035\d*%2C104\.1262"))
    expect(page.locator("#show-list")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("venue-count")).to_contain_text("由近及远")
    first = page.get_by_test_id("venue-item").first
    expect(first).to_be_visible()
    expect(first).to_contain_text("脚下的驿站")
    expect(first.get_by_test_id("distance")).to_have_text("0米")
    expect(page.locator("#venue-map")).to_be_hidden()
    folder = folder_for(tmp_path)
    page.screenshot(path=str(folder / "near-opens-on-list-360.png"))
    tiles_before = len(asked)

    page.locator("#show-map").click()

    venue_map = page.locator("#venue-map")
    expect(venue_map).to_be_visible()
    page.wait_for_function("document.querySelectorAll('#venue-map img.leaflet-tile-loaded').length > 0")
    assert len(asked) > tiles_before  # drawn when shown, not behind the list
    area = box(venue_map)
    # Zoomed to the rider and the nearest venues: those on the map, the far ones off it.
    for venue in street["near"]:
        pin = page.locator(f'.venue-pin[data-venue-id="{venue.id}"]')
        assert inside(box(pin), area), venue.name
    for venue in street["far"]:
        pin = page.locator(f'.venue-pin[data-venue-id="{venue.id}"]')
        assert not inside(box(pin), area), venue.name

    # The rider's dot is drawn over the pin of the station they stand at: the pixel just above
    # the dot's centre, inside both, is the dot's blue, not the station's orange.
    dot = box(page.locator("path.me-dot"))
    cx, cy = dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2
    here_pin = page.locator(f'.venue-pin[data-venue-id="{street["near"][0].id}"]')
    assert tip_of(here_pin) == pytest.approx((cx, cy), abs=2)
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    r, _g, b = shot.getpixel((round(cx), round(cy - 4)))
    assert b > r + 60, (r, b)
    # ...and a tap on the pin still reaches it (the dot's pane lets taps through).
    here_pin.locator(".pin").click(position={"x": 15, "y": 8})
    expect(page.locator(".leaflet-popup-content")).to_contain_text("脚下的驿站")
    page.screenshot(path=str(folder / "near-map-360.png"))

    # At 1280 px: the two location buttons side by side have the same height.
    page.set_viewport_size({"width": 1280, "height": 900})
    locate, forget = box(page.locator("#locate-me")), box(page.locator("#clear-location"))
    assert locate["height"] == pytest.approx(forget["height"], abs=0.5)
    assert locate["y"] == pytest.approx(forget["y"], abs=0.5)
    page.screenshot(path=str(folder / "near-1280.png"))


def test_pins_stand_upright_with_their_tip_on_the_venue_on_every_map(live_server, page: Page, street, tmp_path):
    stub_tiles(page)
    page.set_viewport_size({"width": 360, "height": 740})
    folder = folder_for(tmp_path)

    # The venue list: every pin upright, its tip at the icon's anchor (Leaflet's point).
    page.goto(f"{live_server.url}/venues/")
    pins = page.locator(".venue-pin")
    expect(pins).to_have_count(8)
    for i in range(8):
        pin = pins.nth(i)
        if not inside(box(pin), box(page.locator("#venue-map"))):
            continue
        assert upright(pin)
        icon = box(pin)
        assert tip_of(pin) == pytest.approx((icon["x"] + 15, icon["y"] + 36), abs=1)
    page.screenshot(path=str(folder / "pins-list-360.png"))

    # A venue's page centres its one venue: the tip is at the middle of the map.
    venue = street["near"][1]
    page.goto(f"{live_server.url}/venues/{venue.id}/")
    pin = page.locator(f'.venue-pin[data-venue-id="{venue.id}"]')
    expect(pin).to_be_visible()
    assert upright(pin)
    area = box(page.locator("#venue-map"))
    assert tip_of(pin) == pytest.approx((area["x"] + area["width"] / 2, area["y"] + area["height"] / 2), abs=1.5)
    assert pin.locator(".pin").inner_text() == "驿"
    page.locator("#venue-map").screenshot(path=str(folder / "pin-venue-page-360.png"))

    # A compound guide: the compound's grey pin, upright, beside its gates' dots.
    compound = CompoundFactory(name="成龙锦苑")
    GateFactory(compound=compound, name="北门", lat=compound.lat + 0.0005, lng=compound.lng)
    GateFactory(compound=compound, name="西门", lat=compound.lat, lng=compound.lng - 0.0006, ebikes_allowed=False)
    page.goto(f"{live_server.url}/compounds/{compound.id}/")
    pin = page.locator(".venue-pin")
    expect(pin).to_be_visible()
    assert upright(pin)
    icon = box(pin)
    assert tip_of(pin) == pytest.approx((icon["x"] + 15, icon["y"] + 36), abs=1)
    assert pin.locator(".pin").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(73, 80, 87)"
    page.locator("#venue-map").screenshot(path=str(folder / "pin-compound-360.png"))


def test_an_empty_search_offers_a_reset_and_the_amenity_chips(live_server, page: Page, street, tmp_path):
    stub_tiles(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/venues/")

    # "充电" finds the station that offers 手机充电.
    page.get_by_test_id("filter-summary").click()
    page.get_by_label("搜索").fill("充电")
    page.locator("#apply-filters").click()
    expect(page.get_by_test_id("venue-item")).to_have_count(1)
    page.locator("#show-list").click()
    expect(page.get_by_test_id("venue-item")).to_contain_text("脚下的驿站")

    # "厕所" is not what the site calls it: nothing, and a way on.
    page.get_by_test_id("filter-summary").click()
    page.get_by_label("搜索").fill("厕所")
    page.locator("#apply-filters").click()
    empty = page.get_by_test_id("no-venues")
    expect(empty).to_be_visible()
    expect(page.locator("#filter-sheet")).not_to_have_attribute("open", "")
    page.get_by_role("link", name="请在“便民设施”里勾选").click()
    expect(page.get_by_label("卫生间")).to_be_visible()

    # At 360 px the 13 chips wrap several to a row, and the sheet can clear the filters.
    chips = page.locator(".amenity-filter label.chip")
    rows = {round(box(chips.nth(i))["y"]) for i in range(chips.count())}
    expect(page.locator("#clear-filters")).to_be_visible()
    assert page_width(page) <= 360
    page.screenshot(path=str(folder_for(tmp_path) / "filters-360.png"), full_page=True)
    assert len(rows) <= 6, rows

    empty.get_by_role("link", name="清除筛选").click()
    expect(page).to_have_url(f"{live_server.url}/venues/")
    expect(page.get_by_test_id("venue-item")).to_have_count(8)


def test_when_tiles_fail_at_1280_the_message_does_not_point_below(live_server, page: Page, street, tmp_path):
    page.route(TILE_PATTERN, lambda route: route.abort())
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/venues/")

    expect(page.get_by_test_id("map-failed")).to_have_text("地图加载不出来（信号弱或地图服务不可用），阵地列表照常可用。")
    expect(page.get_by_test_id("venue-item").first).to_be_visible()
    page.screenshot(path=str(folder_for(tmp_path) / "tiles-failed-1280.png"))
