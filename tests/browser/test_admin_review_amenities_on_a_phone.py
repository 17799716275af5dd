"""A street admin looks over the amenities on a 360 px phone: each amenity is a card (site.css
table.cards) with its name, how many venues have it and whether it is shown, each after its
column's name. As a four-column table the status column was cut off at the screen's edge with
nothing saying that the table scrolls, so a hidden amenity looked like any other."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.factories import StreetAdminFactory
from tests.venues.factories import AmenityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_hidden_amenity_says_so_on_a_phone(live_server, browser):
    AmenityFactory(code="ebike_charging", name="电瓶充电/换电", name_en="E-bike battery charging or swap", active=False)

    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/venues/amenities/")
    row = page.locator("tr[data-code=ebike_charging]")
    status = row.get_by_text("已隐藏")
    expect(status).to_be_visible()
    status.scroll_into_view_if_needed()
    assert status.bounding_box()["x"] + status.bounding_box()["width"] <= 360
    label = row.locator("td").last.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"状态"'
    assert page.get_by_test_id("amenities").evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    assert no_sideways_scroll(page)
