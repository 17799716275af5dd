"""The nearby stations speak the page's language after the footer's switch (rider review,
finding 4): the English page showed "140米" for a minute, the browser keeping the Chinese
answer of the venue list API, which said it varied on Accept-Language only while the
language came from the cookie. Now the page asks in its own language (Accept-Language), and
that alone decides the answer's.

Chromium on a 360 px phone with its HTTP cache on, as a rider's is: no page.route() here, which
would turn the cache off (the home pages draw no map, so no tiles to stub)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import signed_in_by_cookie
from tests.browser.venue_pages import PHONE_WIDTH
from tests.venues.factories import HERE, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser, locale: str):
    """A 360 × 740 phone in Chengdu that already let the site know where it is."""
    return browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740},
        locale=locale,
        timezone_id="Asia/Shanghai",
        permissions=["geolocation"],
        geolocation={"latitude": HERE[0], "longitude": HERE[1]},
    ).new_page()


@pytest.fixture
def stations():
    """Two stations open around the clock, 90 m and 1.2 km from the rider."""
    VenueFactory(name="街角的驿站", lat=HERE[0] + 0.00078)
    VenueFactory(name="一公里外的驿站", lat=HERE[0] + 0.01106)


def switch_to(page, language: str) -> None:
    page.locator(f"form.lang-switch button[value={language}]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_a_visitor_who_switches_to_english_reads_the_distances_in_english_and_back(live_server, browser, stations):
    page = phone(browser, "zh-CN")
    page.goto(f"{live_server.url}/")
    distances = page.get_by_test_id("home-nearby-distance")
    expect(distances).to_have_text(["90米", "1.2公里"])

    switch_to(page, "en")
    expect(distances).to_have_text(["90 m", "1.2 km"])

    switch_to(page, "zh-hans")
    expect(distances).to_have_text(["90米", "1.2公里"])


def test_a_signed_in_rider_who_switches_reads_the_distances_in_the_new_language(live_server, browser, stations, rider):
    page = phone(browser, "en-GB")  # the phone asks for English pages
    signed_in_by_cookie(page, live_server.url, rider)
    page.goto(f"{live_server.url}/home/")
    distances = page.get_by_test_id("home-nearby-distance")
    expect(distances).to_have_text(["90 m", "1.2 km"])

    switch_to(page, "zh-hans")  # the account's language from now on, and the cookie's
    expect(distances).to_have_text(["90米", "1.2公里"])
