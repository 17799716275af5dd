"""A rider on a 360 px phone taps a venue's card, a compound's card or a partner's card where
the thumb lands (the photo, the address) and nothing happened: only the name's link opened the
page, a 20 px target. The whole card opens it now (site.css .tap-row / a.covers, as a reward's
card and a passbook line do)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import phone
from tests.venues.factories import CompoundFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tap_where(page, locator) -> None:
    """A thumb on the middle of what the rider sees (whatever element is on top there)."""
    box = locator.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_tapping_a_venues_photo_or_address_in_the_list_opens_the_venue(live_server, browser):
    venue = VenueFactory(name="成龙路暖新驿站", address="锦江区成龙大道二段88号")
    page = phone(browser)
    page.goto(f"{live_server.url}/venues/")
    page.get_by_role("button", name="列表").click()  # a phone opens on the map

    card = page.get_by_test_id("venue-item")
    tap_where(page, card.get_by_test_id("venue-photo-placeholder"))
    expect(page).to_have_url(re.compile(rf"/venues/{venue.pk}/$"))

    page.go_back()
    page.get_by_role("button", name="列表").click()
    tap_where(page, page.get_by_text("锦江区成龙大道二段88号"))
    expect(page).to_have_url(re.compile(rf"/venues/{venue.pk}/$"))


def test_tapping_a_compounds_address_in_the_list_opens_its_guide(live_server, browser):
    compound = CompoundFactory(name="锦绣天府小区", address="锦江区长柏路99号")
    page = phone(browser)
    page.goto(f"{live_server.url}/compounds/")

    tap_where(page, page.get_by_text("锦江区长柏路99号"))

    expect(page).to_have_url(re.compile(rf"/compounds/{compound.pk}/$"))


def test_tapping_a_partners_plaque_on_the_wall_opens_the_venue(live_server, browser):
    venue = VenueFactory(name="王师傅理发店", plaque_number="CLL-NX-2024-005")
    page = phone(browser)
    page.goto(f"{live_server.url}/partners/")

    tap_where(page, page.get_by_text("CLL-NX-2024-005"))

    expect(page).to_have_url(re.compile(rf"/venues/{venue.pk}/$"))
