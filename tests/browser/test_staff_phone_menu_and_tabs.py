"""A reviewer on a 360 px phone on a Monday morning (findings 9 and 10 of the staffmorning review).

The closed staff menu on a page with a long name ("Menu · Neighbourhood reports To do 12"): the
count's pill stayed whole only while the name was short; here it broke into a two-line blob
("To do" / "12"). Now the pill stays on one line and the page's name gives way (an ellipsis).

The rows of tabs scroll sideways on a phone, but nothing said so: "Waiting for review Approved
Rejected Wit…" was cut mid-word. Now a shadow at the cut edge says there is more, and goes when
the row is scrolled to its end (a shadow at the start then says where the first tabs went). In
Chinese the activities' six tabs (全部 … 已取消) now fit the phone whole (已取消 was cut by a few
pixels), with no shadow.

Screenshots go to $SCREENSHOT_DIR when set, else the test's temporary directory."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.browser.steps import no_sideways_scroll, text_lines
from tests.browser.venue_pages import folder_for, signed_in_phone
from tests.factories import ReviewerFactory, RiderFactory, StreetAdminFactory
from tests.points.factories import ClaimFactory
from tests.venues.factories import TipFactory
from tests.volunteers.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOP = {"x": 0, "y": 0, "width": 360, "height": 200}  # the top bar and the staff menu


def brightest_near_edge(page: Page, row: Locator, side: str) -> int:
    """The brightest pixel (its darkest channel, 0-255) of the strip 6 px wide along the row's
    left or right edge, in the middle third of its height: the page's own colour (#fffaf5, 245)
    when nothing is drawn there, darker under a shadow. The brightest, so that a letter cut by
    the edge does not count as shade."""
    box = row.bounding_box()
    x = box["x"] if side == "left" else box["x"] + box["width"] - 6
    clip = {"x": x, "y": box["y"] + box["height"] / 3, "width": 6, "height": box["height"] / 3}
    strip = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")
    return max(min(strip.getpixel((x, y))) for x in range(strip.width) for y in range(strip.height))


def shaded(page: Page, row: Locator, side: str) -> bool:
    return brightest_near_edge(page, row, side) < 235


def scroll_row_to(row: Locator, where: str) -> None:
    row.evaluate(f"e => e.scrollTo({{left: {'e.scrollWidth' if where == 'end' else 0}, behavior: 'instant'}})")


@pytest.fixture
def reviewer():
    reviewer = ReviewerFactory(display_name="王审核")
    rider = RiderFactory()
    for _ in range(12):  # twelve claims waiting: "To do 12"
        ClaimFactory(rider=rider)
    TipFactory(author=rider)
    ActivityFactory()
    return reviewer


def test_on_a_long_page_name_the_to_do_count_stays_one_line(live_server, browser, reviewer, tmp_path):
    page = signed_in_phone(browser, live_server, reviewer, "/staff/reports/", locale="en-GB")
    expect(page.locator("h1")).to_contain_text("Neighbourhood reports")

    summary = page.get_by_test_id("staff-menu-summary")
    badge = page.get_by_test_id("menu-badge")
    where = page.get_by_test_id("staff-menu-where")
    expect(badge).to_have_text("To do 13")
    # The pill reads on one line, wholly inside the one-line menu; the page's name gives way.
    assert text_lines(badge) == 1
    assert summary.bounding_box()["height"] <= 48
    pill, line = badge.bounding_box(), summary.bounding_box()
    assert pill["x"] + pill["width"] <= line["x"] + line["width"]
    assert where.evaluate("e => e.scrollWidth > e.clientWidth && getComputedStyle(e).textOverflow === 'ellipsis'")
    assert no_sideways_scroll(page)
    page.screenshot(path=str(folder_for(tmp_path) / "menu-long-name-en-360.png"), clip=TOP)

    # In Chinese the name is short: it is shown whole, the pill as before.
    page.context.close()
    page = signed_in_phone(browser, live_server, reviewer, "/staff/reports/")
    expect(page.get_by_test_id("menu-badge")).to_have_text("待办 13")
    assert text_lines(page.get_by_test_id("menu-badge")) == 1
    assert page.get_by_test_id("staff-menu-where").evaluate("e => e.scrollWidth <= e.clientWidth")
    page.screenshot(path=str(folder_for(tmp_path) / "menu-long-name-zh-360.png"), clip=TOP)


@pytest.mark.parametrize(
    ("path", "last_tab"),
    [("/staff/venues/tips/", "Withdrawn by its author"), ("/staff/activities/", "Cancelled")],
)
def test_in_english_a_cut_row_of_tabs_says_it_scrolls(live_server, browser, reviewer, tmp_path, path, last_tab):
    page = signed_in_phone(browser, live_server, reviewer, path, locale="en-GB")
    row = page.locator("nav.tabs")
    last = row.get_by_role("link", name=last_tab, exact=True)
    expect(last).to_be_attached()
    assert row.evaluate("e => e.scrollWidth > e.clientWidth")
    name = path.strip("/").replace("/", "-")

    # At the start: the last tab is cut or off the screen, and the cut edge is in shade; the start is not.
    box, frame = last.bounding_box(), row.bounding_box()
    assert box["x"] + box["width"] > frame["x"] + frame["width"] + 1
    assert shaded(page, row, "right"), brightest_near_edge(page, row, "right")
    assert not shaded(page, row, "left"), brightest_near_edge(page, row, "left")
    page.screenshot(path=str(folder_for(tmp_path) / f"{name}-en-360-start.png"), full_page=False)

    # Swiped to the end: the last tab whole, no more shade there; the start now says tabs went by.
    scroll_row_to(row, "end")
    box, frame = last.bounding_box(), row.bounding_box()
    assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 0.5
    assert not shaded(page, row, "right"), brightest_near_edge(page, row, "right")
    assert shaded(page, row, "left"), brightest_near_edge(page, row, "left")
    page.screenshot(path=str(folder_for(tmp_path) / f"{name}-en-360-end.png"), full_page=False)
    assert no_sideways_scroll(page)


@pytest.mark.parametrize("path", ["/staff/venues/tips/", "/staff/activities/"])
def test_in_chinese_the_tabs_fit_the_phone_whole(live_server, browser, reviewer, tmp_path, path):
    page = signed_in_phone(browser, live_server, reviewer, path)
    row = page.locator("nav.tabs")
    expect(row.get_by_role("link").last).to_be_visible()
    # 已取消 (or 作者已撤回) ends inside the row: nothing to scroll, no shade at either edge.
    assert row.evaluate("e => e.scrollWidth <= e.clientWidth"), row.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert not shaded(page, row, "right") and not shaded(page, row, "left")
    page.screenshot(path=str(folder_for(tmp_path) / f"{path.strip('/').replace('/', '-')}-zh-360.png"), full_page=False)


def test_in_english_the_venues_sub_navigation_says_it_scrolls_too(live_server, browser, tmp_path):
    """A street admin's venue pages: 阵地 便民设施 小区 社区 导入 小区贴士 in English is longer than
    the phone ("Venues Amenities Compounds Communities Im…"), as a row of tabs is."""
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/venues/tips/", locale="en-GB")
    row = page.locator("nav.subnav")
    expect(row.get_by_role("link", name="Compound tips")).to_be_attached()
    assert shaded(page, row, "right") and not shaded(page, row, "left")
    scroll_row_to(row, "end")
    assert not shaded(page, row, "right") and shaded(page, row, "left")
    page.screenshot(path=str(folder_for(tmp_path) / "venues-subnav-en-360-end.png"), full_page=False)
