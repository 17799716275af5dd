"""What the venue pages' browser stories share: AMap's tiles (stubbed with one small PNG, or
refused, as when AMap cannot be reached from here), a 360 px phone in Chinese signed in or not,
a new venue's required fields typed as a newcomer does, and where screenshots go
($SCREENSHOT_DIR when set, else the test's temporary directory)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

from tests.browser.steps import sign_in
from tests.venues.factories import HERE

AMAP = "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}"
TILE_PATTERN = "https://*.is.autonavi.com/**"
# One pale 1×1 PNG for every tile.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4/v07AAXAAuFkoaCKAAAAAElFTkSuQmCC")
PHONE_WIDTH = 360


@pytest.fixture
def amap(settings):
    """AMap's tiles (GCJ-02) over points stored in WGS-84, as deployed, whatever the local .env says."""
    settings.MAP_TILE_URL = AMAP
    settings.MAP_TILE_SUBDOMAINS = "1234"
    settings.MAP_TILE_ATTRIBUTION = "© 高德地图 AutoNavi"
    settings.MAP_TILE_CRS = "gcj02"
    settings.MAP_COORD_SYSTEM = "wgs84"


def folder_for(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stub_tiles(page: Page) -> list[str]:
    """Every AMap tile is the one PNG; the addresses asked for, in order."""
    asked: list[str] = []

    def answer(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PNG)

    page.route(TILE_PATTERN, answer)
    return asked


def phone(browser, *, tiles: str = "stub", **options) -> Page:
    """A new 360 × 740 phone in Chinese, in Chengdu's time: its own cookies, signed in by no one.
    `tiles`: "stub" (the one PNG) or "down" (refused: the map fails, as from a sandbox); `options`
    for the browser context, e.g. locale="en-GB" or permissions."""
    context = {"viewport": {"width": PHONE_WIDTH, "height": 740}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
    page = browser.new_context(**{**context, **options}).new_page()
    if tiles == "down":
        page.route(TILE_PATTERN, lambda route: route.abort())
    else:
        stub_tiles(page)
    return page


def signed_in_phone(browser, live_server, user, path: str, **options) -> Page:
    """A phone (as above) that signed in as `user` through the form, on the page at `path`."""
    page = phone(browser, **options)
    sign_in(page, live_server.url, user.username)
    page.goto(f"{live_server.url}{path}")
    return page


def fill_venue_basics(page: Page, name: str) -> None:
    """What a new venue needs, the coordinates typed (as a newcomer does when the map fails)."""
    page.locator("#id_name").fill(name)
    page.locator("#id_kind").select_option("community_station")
    page.locator("#id_address").fill("成龙大道二段 88 号")
    page.locator("#id_lat").fill(str(HERE[0]))
    page.locator("#id_lng").fill(str(HERE[1]))


def box(locator: Locator) -> dict:
    b = locator.bounding_box()
    assert b, locator
    return b


def page_width(page: Page) -> int:
    """How wide the page is once everything came (the map's tiles sit inside it): more than the
    screen means the rider scrolls sideways."""
    page.wait_for_load_state("networkidle")
    return page.evaluate("document.documentElement.scrollWidth")


def screenshot(target: Page | Locator, tmp_path, name: str, **options) -> None:
    target.screenshot(path=str(folder_for(tmp_path) / name), **options)
