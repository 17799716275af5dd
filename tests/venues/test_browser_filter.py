"""In a real browser, a rider filters the venue list by "phone charging" and opens a venue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import signed_in_by_cookie
from tests.venues.factories import HERE, VenueFactory
from venues.models import Amenity, VenueKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rider_filters_by_phone_charging_and_opens_a_venue(live_server, page: Page, settings, rider):
    # Tiles that do not load: the page must still work as a list.
    settings.MAP_TILE_URL = f"{live_server.url}/no-tiles/{{z}}/{{x}}/{{y}}.png"
    Amenity.objects.create(code="phone_charging", name="手机充电", name_en="Phone charging")
    Amenity.objects.create(code="toilet", name="卫生间", name_en="Toilet")
    station = VenueFactory(
        name="R29街区广场暖新驿站", amenities=["phone_charging", "toilet"], services=["免费热水"], hours="24/7"
    )
    VenueFactory(name="只有厕所的驿站", amenities=["toilet"], lat=HERE[0] + 0.002)
    VenueFactory(name="王师傅理发店", kind=VenueKind.MERCHANT, amenities=["phone_charging"], lat=HERE[0] + 0.004)

    signed_in_by_cookie(page, live_server.url, rider)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/venues/")
    expect(page.get_by_test_id("venue-item")).to_have_count(3)

    # The filters wait in a closed sheet so that the map comes first on a phone.
    page.get_by_test_id("filter-summary").click()
    page.get_by_label("手机充电").check()
    page.locator("#apply-filters").click()

    expect(page).to_have_url(re.compile(r"amenity=phone_charging"))
    items = page.get_by_test_id("venue-item")
    expect(items).to_have_count(2)
    expect(page.get_by_text("只有厕所的驿站")).to_have_count(0)

    page.get_by_role("link", name="R29街区广场暖新驿站").click()

    # The venue's address carries the list's filters, for its way back to the list.
    expect(page).to_have_url(re.compile(rf"/venues/{station.id}/\?back=amenity%3Dphone_charging$"))
    expect(page.get_by_test_id("back-to-list")).to_have_attribute("href", "/venues/?amenity=phone_charging")
    expect(page.get_by_role("heading", level=1)).to_have_text("R29街区广场暖新驿站")
    expect(page.get_by_test_id("open-state")).to_have_attribute("data-open", "1")
    expect(page.get_by_test_id("services")).to_contain_text("免费热水")
    expect(page.get_by_test_id("nav-amap")).to_have_attribute("href", re.compile(r"^https://uri\.amap\.com/marker\?position="))
    expect(page.locator('[data-testid="amenities"] [data-code="phone_charging"]')).to_be_visible()


def test_rider_shares_their_location_and_gets_the_nearest_venues_first_with_distances(live_server, page: Page, settings):
    settings.MAP_TILE_URL = f"{live_server.url}/no-tiles/{{z}}/{{x}}/{{y}}.png"
    Amenity.objects.create(code="phone_charging", name="手机充电", name_en="Phone charging")
    VenueFactory(name="北边的驿站", amenities=["phone_charging"], lat=HERE[0] + 0.02)
    VenueFactory(name="身边的驿站", amenities=["phone_charging"], lat=HERE[0] + 0.0005)
    VenueFactory(name="不远的驿站", amenities=["phone_charging"], lat=HERE[0] - 0.005)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": HERE[0], "longitude": HERE[1]})

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/venues/?amenity=phone_charging")
    page.locator("#locate-me").click()

    expect(page).to_have_url(re.compile(r"near=30\.\d+(,|%2C)104\.\d+"))
    names = page.get_by_test_id("venue-item").locator("h2")
    expect(names).to_have_text(["身边的驿站", "不远的驿站", "北边的驿站"])
    expect(page.get_by_test_id("distance")).to_have_text(["60米", "560米", "2.2公里"])
    expect(page).to_have_url(re.compile(r"amenity=phone_charging"))
