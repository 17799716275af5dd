"""A rider at a venue's page on a 360 px phone calls the venue: its number was a 17 px tall
link, easy to miss with a thumb. It is a 44 px target now (a.tap), as the site's other links
outside running text are."""

from __future__ import annotations

import pytest

from tests.browser.venue_pages import phone
from tests.venues.factories import VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_venues_phone_number_is_a_thumb_sized_link(live_server, browser):
    venue = VenueFactory(phone="028-84600101")
    page = phone(browser)
    page.goto(f"{live_server.url}/venues/{venue.pk}/")

    call = page.locator('a[href="tel:028-84600101"]')

    assert call.bounding_box()["height"] >= 44
    # …and its label 电话 stays level with the number, the row one line tall.
    label = page.locator("dt", has_text="电话").bounding_box()
    row = page.locator("dd", has=call).bounding_box()
    assert abs(label["y"] - row["y"]) <= 1 and row["height"] <= label["height"] + 1
