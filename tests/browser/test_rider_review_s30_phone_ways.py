"""A rider's review on a 360 px phone, in Chinese: the ways a thumb takes.

- Signed in, a rider has the tab bar (Map, Earn, Rewards, Me), not the top bar's links (wide
  screens only): the compound guides (gates, e-bike access, parking, the way to a building)
  were nowhere to tap. Their home's actions lead there now.
- The report form's map: Leaflet's zoom buttons were 30 × 30 px; they are 44 px.
- An activity's venue, alone in the "Where" line, was a 17 px high link; it is a 44 px target
  and the line stays where it was."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import signed_in_phone
from tests.factories import RiderFactory
from tests.venues.factories import CompoundFactory, VenueFactory
from tests.volunteers.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Tiles without a tile server: one pale square for every tile (img-src allows data:).
PALE_TILE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4/v07AAXAAuFkoaCKAAAAAElFTkSuQmCC"


def test_a_rider_on_a_phone_finds_the_compound_guides_from_their_home(live_server, browser):
    CompoundFactory(name="锦绣天府小区")
    page = signed_in_phone(browser, live_server, RiderFactory(), "/home/")

    guides = page.locator("#home-links").get_by_role("link", name="小区指南")
    expect(guides).to_be_visible()
    box = guides.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    guides.click()
    expect(page).to_have_url(re.compile(r"/compounds/$"))
    expect(page.get_by_test_id("compound-item")).to_contain_text("锦绣天府小区")


def test_the_report_maps_zoom_buttons_are_a_thumbs_size(live_server, browser, settings):
    settings.MAP_TILE_URL = PALE_TILE
    page = signed_in_phone(browser, live_server, RiderFactory(), "/reports/new/")

    for button in (page.locator("#report-map .leaflet-control-zoom-in"), page.locator("#report-map .leaflet-control-zoom-out")):
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box


def test_an_activitys_venue_is_a_44px_link_on_the_line_it_was(live_server, browser):
    venue = VenueFactory(name="R29街区广场暖新驿站")
    activity = ActivityFactory(title="驿都社区街道清洁", venue=venue, place="")
    page = signed_in_phone(browser, live_server, RiderFactory(), f"/activities/{activity.pk}/")

    link = page.get_by_test_id("place").get_by_role("link", name="R29街区广场暖新驿站")
    box = link.bounding_box()
    assert box["height"] >= 44, box
    # The venue's name still reads on the line of its label ("位置"), not pushed down.
    label = page.locator("dl.facts dt", has_text="位置")
    tops = [
        el.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect().top; }")
        for el in (label, link)
    ]
    assert abs(tops[0] - tops[1]) <= 3, tops
    link.click()
    expect(page).to_have_url(re.compile(rf"/venues/{venue.pk}/$"))
