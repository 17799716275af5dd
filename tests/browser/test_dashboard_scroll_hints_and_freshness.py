"""A reviewer reads the staff dashboard (findings 11 and 13 of the staffmorning review).

At 1280 px "Claims and points earned by category" showed all its rows and columns, yet said
"→ Scroll the table for more: 1 row in all.": the table was 425 px wide in a 422 px box, less than
a cell's padding, which hides no figure. Now nothing is said under a table that shows everything.

On a 360 px phone a table's hint spoke of rows when it scrolled sideways; now it speaks of what
is hidden: columns to the right, rows below, or both, and changes as the reader scrolls. (Since
the chart tables' row names wrap, a table of two or three columns fits the phone and says
nothing; the reports by state, seven columns, is the one that scrolls both ways.)

The figures are computed every 5 minutes (FIGURES_CACHE_SECONDS): next to "As of 02:41" the page
says so, so that a reviewer who has just approved a claim knows why the figures may not show it
yet.

Screenshots go to $SCREENSHOT_DIR when set, else the test's temporary directory."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from friendlystreet.dashboard.figures import FIGURES_CACHE_SECONDS
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.browser.venue_pages import folder_for
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import CategoryFactory, ClaimFactory, RuleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLAIMS = '[data-chart="claims_by_category"]'
# Where a cell's words end on the screen (its padding aside).
TEXT_RIGHT = "c => { const r = document.createRange(); r.selectNodeContents(c); return r.getBoundingClientRect().right; }"


@pytest.fixture
def reviewer():
    """A claim in each of the demo's categories (their English names as on the demo street):
    the longest, "Reports on local issues", makes the table a few pixels wider than half a desk."""
    rider = RiderFactory()
    for code, name, name_en in [
        ("good_deeds", "好人好事", "Good deeds"),
        ("reports", "治理线索", "Reports on local issues"),
        ("riding", "安全文明骑行", "Safe, courteous riding"),
        ("volunteering", "志愿服务", "Volunteer service"),
    ]:
        ClaimFactory(rider=rider, rule=RuleFactory(category=CategoryFactory(code=code, name=name, name_en=name_en)))
    return ReviewerFactory(display_name="王审核")


def dashboard(browser, live_server, reviewer, width: int, query: str = "", locale: str = "en-GB") -> Page:
    page = browser.new_context(viewport={"width": width, "height": 900}, locale=locale).new_page()
    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/staff/{query}")
    page.wait_for_load_state("networkidle")
    return page


def overflow(box: Locator) -> dict:
    return box.evaluate("e => ({right: e.scrollWidth - e.clientWidth, below: e.scrollHeight - e.clientHeight})")


def test_at_1280_a_table_that_shows_everything_says_nothing_about_scrolling(live_server, browser, reviewer, tmp_path):
    page = dashboard(browser, live_server, reviewer, 1280)
    chart = page.locator(CLAIMS)
    box = chart.locator("[data-scroll-table]")
    box.scroll_into_view_if_needed()
    expect(box.locator("tbody tr")).to_have_count(4)
    # It was 425 px wide in a 422 px box in the review; its row names wrap now, and it fits.
    assert overflow(box)["right"] <= 8 and overflow(box)["below"] == 0, overflow(box)
    # Every row and column of it is in view, numbers whole...
    frame = box.bounding_box()
    for cell in box.locator("tbody td").all():
        right = cell.evaluate(TEXT_RIGHT)
        assert right <= frame["x"] + frame["width"], (cell.inner_text(), right, frame)
    # ...and nothing under it says to scroll.
    expect(chart.locator("[data-scroll-hint]")).to_be_hidden()
    chart.screenshot(path=str(folder_for(tmp_path) / "dash-claims-by-category-1280.png"))

    # The table by community (19 columns) is wider than the page: it says so, in columns.
    hint = page.get_by_test_id("by-community-hint")
    hint.scroll_into_view_if_needed()
    expect(hint).to_be_visible()
    expect(hint).to_have_text("Scroll the table sideways for more: 20 columns in all.")


def test_on_a_phone_each_hint_says_which_way_the_table_scrolls(live_server, browser, reviewer, tmp_path):
    page = dashboard(browser, live_server, reviewer, 360)
    assert no_sideways_scroll(page)

    # Claims by category, three columns: every row and column in view, so nothing is said.
    chart = page.locator(CLAIMS)
    box, hint = chart.locator("[data-scroll-table]"), chart.locator("[data-scroll-hint]")
    box.scroll_into_view_if_needed()
    assert overflow(box) == {"right": 0, "below": 0}, overflow(box)
    expect(hint).to_be_hidden()
    chart.screenshot(path=str(folder_for(tmp_path) / "dash-claims-by-category-360.png"))

    # Last month, day by day: rows below, its columns in view: "down, rows".
    page.goto(f"{page.url.split('/staff/')[0]}/staff/?preset=last_month")
    chart = page.locator('[data-chart="points_per_day"]')
    box, hint = chart.locator("[data-scroll-table]"), chart.locator("[data-scroll-hint]")
    box.scroll_into_view_if_needed()
    days = box.locator("tbody tr").count()
    assert days >= 28 and overflow(box)["right"] == 0, overflow(box)
    expect(hint).to_be_visible()
    assert hint.inner_text() == f"Scroll the table for more: {days} rows in all."
    assert hint.evaluate("p => getComputedStyle(p, '::before').content") == '"↓ "'
    chart.screenshot(path=str(folder_for(tmp_path) / "dash-points-per-day-360.png"))

    # The reports by state, seven columns of seven categories: rows below and columns to the
    # right, "down and sideways".
    chart = page.locator('[data-chart="reports_by_state_and_category"]')
    box, hint = chart.locator("[data-scroll-table]"), chart.locator("[data-scroll-hint]")
    box.scroll_into_view_if_needed()
    rows = box.locator("tbody tr").count()
    assert overflow(box)["right"] > 8 and overflow(box)["below"] > 8, overflow(box)
    expect(hint).to_be_visible()
    assert hint.inner_text() == f"Scroll the table down and sideways for more: {rows} rows and 7 columns in all."
    chart.screenshot(path=str(folder_for(tmp_path) / "dash-reports-360.png"))
    # Scrolled to the last category: only the columns to the right are left, "sideways, columns".
    box.evaluate("e => e.scrollTo({top: e.scrollHeight, behavior: 'instant'})")
    expect(hint).to_have_attribute("data-more", "right")
    assert hint.inner_text() == "Scroll the table sideways for more: 7 columns in all."
    assert hint.evaluate("p => getComputedStyle(p, '::before').content") == '"→ "'
    # And to the right: back to the first category, only rows below are left; then nothing.
    box.evaluate("e => e.scrollTo({top: 0, left: e.scrollWidth, behavior: 'instant'})")
    expect(hint).to_have_attribute("data-more", "down")
    assert hint.inner_text() == f"Scroll the table for more: {rows} rows in all."
    box.evaluate("e => e.scrollTo({top: e.scrollHeight, left: e.scrollWidth, behavior: 'instant'})")
    expect(hint).to_be_hidden()


MINUTES = FIGURES_CACHE_SECONDS // 60  # 5


@pytest.mark.parametrize(
    ("locale", "words"),
    [("zh-CN", f"，数据每 {MINUTES} 分钟更新一次。"), ("en-GB", f"; the figures are updated every {MINUTES} minutes.")],
)
def test_next_to_as_of_the_page_says_how_often_the_figures_are_updated(live_server, browser, reviewer, locale, words, tmp_path):
    page = dashboard(browser, live_server, reviewer, 360, locale=locale)
    as_of = page.get_by_test_id("as-of")
    expect(as_of).to_contain_text("统计于" if locale == "zh-CN" else "As of")
    expect(as_of).to_contain_text(words)
    page.get_by_test_id("period").screenshot(path=str(folder_for(tmp_path) / f"dash-as-of-{locale}-360.png"))
