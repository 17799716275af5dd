"""In English, on a tablet-sized screen (720 and 900 px), every role's top bar fits: nobody
scrolls sideways. The counter's links of a partner (and a partner who rides too) fold into ☰,
a rider keeps the phone's tab bar, until their links fit beside the name (before, the barber's
page was 857 px wide at 720, a rider's 742, a riding partner's 922 up to 900)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from friendlystreet.accounts import roles
from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.factories import PartnerFactory, ReviewerFactory, RiderFactory, StreetAdminFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def riding_partner():
    rider = RiderFactory()
    rider.groups.add(Group.objects.get_or_create(name=roles.PARTNER)[0])
    return rider


@contextmanager
def english_home(browser, live_server, user, width: int) -> Iterator:
    """`user`'s /home/ in English on a `width` px screen; the browser context closed after."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        signed_in_by_cookie(page, live_server.url, user)
        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        page.goto(f"{live_server.url}/home/")
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("make", [RiderFactory, PartnerFactory, riding_partner, ReviewerFactory, StreetAdminFactory])
def test_no_top_bar_runs_past_a_tablet_screen_in_english(live_server, browser, make):
    with english_home(browser, live_server, make(), 720) as page:
        for width in (720, 900):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(f"{live_server.url}/home/")
            assert no_sideways_scroll(page, width), (make.__name__, width)


def test_a_partner_finds_the_counters_links_under_the_menu_on_a_tablet(live_server, browser):
    with english_home(browser, live_server, PartnerFactory(), 900) as page:
        page.locator(".topmenu summary").click()
        link = page.locator(".topmenu-links [data-testid=partner-link]").first
        expect(link).to_be_visible()
        assert link.bounding_box()["x"] + link.bounding_box()["width"] <= 900


def test_a_rider_on_a_tablet_keeps_the_tab_bar_until_the_top_bar_fits(live_server, browser):
    with english_home(browser, live_server, RiderFactory(), 800) as page:
        expect(page.get_by_test_id("tabbar")).to_be_visible()
        expect(page.get_by_test_id("rewards-link")).to_be_hidden()
        page.set_viewport_size({"width": 1024, "height": 800})
        expect(page.get_by_test_id("tabbar")).to_be_hidden()
        expect(page.get_by_test_id("rewards-link")).to_be_visible()
