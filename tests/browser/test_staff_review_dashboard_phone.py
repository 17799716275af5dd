"""A street admin reads March's figures on a 360 px phone, in English: the figures table shows
its four columns (Previous period and Change used to be pushed off the screen's right edge,
out of sight inside the table's box), and a community's name in the table by community is a
44 px target, not a 15 px line of small text. In Chinese the heads stay on one line each. A
chart's table with columns to the right of the screen says so, as one with rows below does.

Screenshots go to $SCREENSHOT_DIR when it is set, else to the test's temporary directory."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from friendlystreet.days import local_zone
from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import folder_for, signed_in_phone
from tests.factories import RiderFactory, StreetAdminFactory
from tests.venues.factories import CommunityFactory, VenueFactory
from volunteers.models_reports import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARCH = "/staff/?start=2025-03-01&end=2025-03-31"


def riders_joined(count: int, day: str) -> None:
    """`count` riders who signed up on that day (Beijing time)."""
    when = datetime.fromisoformat(f"{day} 10:00").replace(tzinfo=local_zone())
    for _ in range(count):
        RiderFactory(date_joined=when)


def a_street_with_february_and_march() -> None:
    """Riders in both months (so a change with its per cent, +6 (+200%)) and a community with a venue."""
    VenueFactory(community=CommunityFactory(name="驿都社区"), lat=30.65, lng=104.12)
    riders_joined(3, "2025-02-10")
    riders_joined(9, "2025-03-10")


def figures_fit(page: Page) -> bool:
    """The figures table is no wider than its box: nothing hidden to the right of the screen."""
    table = page.get_by_test_id("figures")
    return table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")


def test_the_figures_show_all_four_columns_on_a_phone_in_english(live_server, browser, tmp_path):
    a_street_with_february_and_march()
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), MARCH, locale="en-GB")

    expect(page.get_by_test_id("period")).to_contain_text("From 2025-03-01 to 2025-03-31")
    registered = page.locator('[data-figure="riders_registered"]')
    expect(registered).to_contain_text("+6 (+200%)")
    assert figures_fit(page)
    assert no_sideways_scroll(page)
    # The change is on screen, beside the figure's name.
    change = registered.locator("td").last
    change.scroll_into_view_if_needed()
    box = change.bounding_box()
    assert box["x"] + box["width"] <= 360, box
    page.get_by_test_id("figures").screenshot(path=str(folder_for(tmp_path) / "dash-figures-en-360.png"))


def test_in_chinese_the_heads_stay_whole_and_the_table_fits(live_server, browser):
    a_street_with_february_and_march()
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), MARCH)

    expect(page.get_by_test_id("figures")).to_contain_text("本期")
    assert figures_fit(page)
    heads = page.locator('[data-testid="figures"] thead th')
    lines = heads.evaluate_all(
        """ths => ths.map(th => {
             const range = document.createRange();
             range.selectNodeContents(th);
             return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
           })"""
    )
    assert lines == [1, 1, 1, 1], lines


def test_a_community_is_a_44_px_target_on_a_phone(live_server, browser):
    a_street_with_february_and_march()
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), MARCH)

    link = page.get_by_test_id("by-community").get_by_role("link", name="驿都社区")
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    link.click()
    expect(page.get_by_test_id("period")).to_contain_text("驿都社区")


def test_the_reports_table_says_it_has_states_to_the_right_and_keeps_its_categories(live_server, browser):
    """On a phone the reports' table shows three of its six states: the hint under it says the
    table scrolls (↘, then ↓) until the last state and row are reached, and the category stays
    at the left."""
    rider, community = RiderFactory(), CommunityFactory(name="驿都社区")
    Report.objects.create(reporter=rider, category="other", description="路灯不亮", address="成龙大道", community=community)
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/")

    chart = page.locator('[data-chart="reports_by_state_and_category"]')
    box, hint = chart.locator("[data-scroll-table]"), chart.locator("[data-scroll-hint]")
    box.scroll_into_view_if_needed()
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    expect(hint).to_be_visible()
    expect(hint).to_have_attribute("data-more", "both")  # states to the right, categories below

    box.evaluate("el => el.scrollTo(el.scrollWidth, 0)")
    expect(hint).to_have_attribute("data-more", "down")
    category = box.locator("tbody th").first
    assert abs(category.bounding_box()["x"] - box.bounding_box()["x"]) <= 1
    expect(box.locator("thead th").last).to_be_in_viewport()
    box.evaluate("el => el.scrollTo(el.scrollWidth, el.scrollHeight)")
    expect(hint).to_be_hidden()
