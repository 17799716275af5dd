"""A reviewer opens the staff dashboard, follows "pending claims" to the queue, approves one
with the approve button, comes back to /staff/ and sees the count drop (and the badge too).
The charts are drawn over their tables; nothing sticks out sideways at 360 px.

Screenshots of the dashboard at 360 and 1280 px go to $SCREENSHOT_DIR when it is set (to look
at them), else to the test's temporary directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import sign_in
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import ClaimFactory
from tests.venues.factories import CommunityFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def screenshots(page: Page, name: str, folder: Path) -> None:
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def test_a_reviewer_follows_pending_claims_approves_one_and_sees_the_count_drop(live_server, page: Page, tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    community = CommunityFactory(name="成龙社区")
    VenueFactory(community=community, lat=30.62, lng=104.13)
    riders = [RiderFactory(display_name=f"骑手{i}") for i in range(3)]
    for rider in riders:
        ClaimFactory(rider=rider)
    reviewer = ReviewerFactory(display_name="王审核")

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/staff/")
    count = page.get_by_test_id("count-points.pending_claims")
    expect(count).to_have_text("3")
    # Chart.js drew the charts over their tables (the tables stay for screen readers).
    expect(page.locator('[data-chart-canvas="active_riders_per_week"]')).to_be_visible()
    expect(page.locator('[data-chart="points_per_day"] table')).to_be_visible()
    screenshots(page, "dashboard", folder)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator('[data-queue="points.pending_claims"] a').click()
    expect(page).to_have_url(f"{live_server.url}/staff/claims/")
    expect(page.locator(".open-claim")).to_have_count(3)
    page.locator(".open-claim").first.click()
    page.locator("#approve").click()

    page.goto(f"{live_server.url}/staff/")
    expect(page.get_by_test_id("count-points.pending_claims")).to_have_text("2")
    expect(page.locator('.staff-nav a[href="/staff/claims/"] [data-testid="nav-badge"]')).to_have_text("2")


def test_when_map_tiles_fail_the_dashboard_keeps_the_table_by_community_without_a_grey_box(live_server, page: Page, settings):
    settings.MAP_TILE_URL = "https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}"
    settings.MAP_TILE_SUBDOMAINS = "1234"
    page.route("https://*.is.autonavi.com/**", lambda route: route.abort())
    VenueFactory(community=CommunityFactory(name="成龙社区"), lat=30.62, lng=104.13)
    reviewer = ReviewerFactory(display_name="王审核")

    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/staff/")

    expect(page.locator("#dashboard-map")).to_be_hidden()
    expect(page.get_by_test_id("by-community")).to_be_visible()
    expect(page.get_by_test_id("by-community")).to_contain_text("成龙社区")
