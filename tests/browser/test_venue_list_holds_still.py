"""The venue list on a phone holds still while its script starts. The map-or-list toggle and
"Nearest to me" are drawn from the start, as the script will set them, so the filters and the
list under them do not jump down under a rider's thumb (Lighthouse measured a layout shift of
0.13 there, over its 0.1 limit of "good"). Without JavaScript those two buttons, which would do
nothing, are not shown; the list and its filters are the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import amap, phone
from tests.venues.factories import HERE, VenueFactory
from venues.models import VenueKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures(amap.__name__)]

# Every layout shift the page makes, as the browser reports it (what Lighthouse adds up).
WATCH_SHIFTS = """
window.shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.fixture
def street():
    return [
        VenueFactory(name=f"{label}一号", kind=kind, lat=HERE[0] + i * 0.002, lng=HERE[1] + i * 0.001)
        for i, (kind, label) in enumerate(VenueKind.choices)
    ]


def test_nothing_under_the_buttons_moves_when_the_script_starts(live_server, browser, street):
    page = phone(browser)
    page.add_init_script(WATCH_SHIFTS)
    page.goto(f"{live_server.url}/venues/")

    # The script has run: the map is drawn with its tiles, the toggle works.
    page.wait_for_function("document.querySelectorAll('#venue-map img.leaflet-tile-loaded').length > 0")
    expect(page.locator("#show-map")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#view-toggle")).to_be_visible()
    expect(page.locator("#locate-me")).to_be_visible()
    # A shift is reported in a frame after the change that makes it: two frames more.
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    shifts = page.evaluate("window.shifts")
    assert sum(shifts) < 0.02, shifts


def test_without_javascript_the_list_shows_and_the_buttons_that_need_it_do_not(live_server, browser, street):
    page = phone(browser, java_script_enabled=False)
    page.goto(f"{live_server.url}/venues/")

    expect(page.get_by_test_id("venue-item")).to_have_count(len(street))
    expect(page.get_by_test_id("venue-item").first).to_be_visible()
    expect(page.get_by_test_id("open-now-filter")).to_be_visible()
    expect(page.locator("#view-toggle")).to_be_hidden()
    expect(page.locator("#locate-me")).to_be_hidden()


def test_with_no_venue_found_there_is_no_map_or_list_to_choose(live_server, browser, street):
    page = phone(browser)
    page.goto(f"{live_server.url}/venues/?q=没有这样的地方")

    expect(page.get_by_test_id("venue-count")).to_contain_text("0")
    expect(page.locator("#view-toggle")).to_be_hidden()
