"""The staff venue list (/staff/venues/) on a 360 px phone, as a street admin: the venues' sub-
navigation (阵地 便民设施 小区 社区 导入 小区贴士) is one row, the current page marked, and when
its words are longer than the screen (English) the row scrolls sideways inside itself, never the
page; the four actions stand two by two, not three and one left alone; the tip queue's status
tabs are one row too. At 1280 px the row and the actions are as they were: side by side.
Before, the sub-navigation wrapped with 小区贴士 alone on a second line (three lines in English),
the actions as 新建阵地 导入 导出 CSV / 导出 XLSX, and the tip queue's tabs with 作者已撤回 alone.
Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, expect

from tests.browser.venue_pages import PHONE_WIDTH, box, page_width, screenshot, signed_in_phone
from tests.factories import PartnerFactory, ReviewerFactory, StreetAdminFactory
from tests.venues.factories import CommunityFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def lines(items: Locator) -> list[list[dict]]:
    """The items' boxes, grouped by the line they stand on (the same top), top to bottom."""
    by_top: dict[int, list[dict]] = {}
    for i in range(items.count()):
        b = box(items.nth(i))
        by_top.setdefault(round(b["y"]), []).append(b)
    return [by_top[top] for top in sorted(by_top)]


def every_link_can_be_brought_on_screen(links: Locator) -> bool:
    """Each link, scrolled to (a swipe along the row), lies wholly within the phone's width."""
    for i in range(links.count()):
        links.nth(i).scroll_into_view_if_needed()
        b = box(links.nth(i))
        if b["x"] < 0 or b["x"] + b["width"] > PHONE_WIDTH:
            return False
    return True


@pytest.fixture
def admin():
    community = CommunityFactory(name="望平社区")
    for i in range(3):
        VenueFactory(name=f"成龙驿站{i}号", community=community, hours="" if i else "24/7")
    return StreetAdminFactory()


def test_the_venue_lists_links_and_actions_read_on_a_phone(live_server, browser, admin, tmp_path):
    page = signed_in_phone(browser, live_server, admin, "/staff/venues/")

    subnav = page.locator("nav.subnav")
    links = subnav.get_by_role("link")
    expect(links).to_have_count(6)
    assert len(lines(links)) == 1
    expect(subnav.get_by_role("link", name="阵地", exact=True)).to_have_attribute("aria-current", "page")
    assert every_link_can_be_brought_on_screen(links)
    # Two rows of two actions, as wide as each other, apart (not touching).
    actions = page.locator("#venue-actions").get_by_role("link")
    expect(actions).to_have_count(4)
    rows = lines(actions)
    assert [len(row) for row in rows] == [2, 2]
    assert len({round(b["width"]) for b in (*rows[0], *rows[1])}) == 1
    assert rows[1][0]["y"] - (rows[0][0]["y"] + rows[0][0]["height"]) >= 4
    assert page_width(page) <= PHONE_WIDTH
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, tmp_path, "staff-venues-360.png")

    # The tip queue: its five status tabs on one line, under the same sub-navigation.
    page.goto(f"{live_server.url}/staff/venues/tips/")
    expect(page.locator("nav.subnav").get_by_role("link", name="小区贴士")).to_have_attribute("aria-current", "page")
    tabs = page.locator("nav.tabs").get_by_role("link")
    expect(tabs).to_have_count(5)
    assert len(lines(tabs)) == 1
    assert every_link_can_be_brought_on_screen(tabs)
    assert page_width(page) <= PHONE_WIDTH
    screenshot(page, tmp_path, "staff-tips-360.png")

    # At 1280 px: the row of links and the four actions side by side, as before.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/staff/venues/")
    assert len(lines(page.locator("nav.subnav").get_by_role("link"))) == 1
    assert [len(row) for row in lines(page.locator("#venue-actions").get_by_role("link"))] == [4]
    screenshot(page, tmp_path, "staff-venues-1280.png")


def test_in_english_the_longer_links_scroll_inside_their_row(live_server, browser, admin, tmp_path):
    page = signed_in_phone(browser, live_server, admin, "/staff/venues/", locale="en-GB")

    subnav = page.locator("nav.subnav")
    expect(subnav.get_by_role("link", name="Communities")).to_be_visible()
    links = subnav.get_by_role("link")
    assert len(lines(links)) == 1
    # Wider than the phone, the row scrolls itself; the page does not.
    assert subnav.evaluate("e => e.scrollWidth > e.clientWidth")
    assert page_width(page) <= PHONE_WIDTH
    assert every_link_can_be_brought_on_screen(links)
    assert page_width(page) <= PHONE_WIDTH
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, tmp_path, "staff-venues-en-360.png")


@pytest.mark.parametrize("language", ["zh-CN", "en-GB"])
def test_every_row_of_tabs_is_one_line_that_scrolls_within_itself(live_server, browser, language, tmp_path):
    """The staff rewards (全部 合作商户提议 草稿 已上架, with counts), activities by state, the
    volunteers' sections, the riders to verify and a partner's redemption history: one row of
    tabs each on a phone, every tab reachable by a swipe along the row, the page itself no
    wider than the phone."""
    pages = [
        (StreetAdminFactory(), "/staff/rewards/", 4),
        (StreetAdminFactory(), "/staff/activities/", None),  # 已取消 wrapped alone
        (StreetAdminFactory(), "/staff/volunteers/", None),
        (ReviewerFactory(), "/staff/riders/", None),
        (PartnerFactory(), "/redeem/history/", None),
    ]
    for user, path, count in pages:
        page = signed_in_phone(browser, live_server, user, path, locale=language)
        tabs = page.locator("nav.tabs").first.get_by_role("link")
        if count:
            expect(tabs).to_have_count(count)
        assert tabs.count() >= 2, path
        assert len(lines(tabs)) == 1, (path, language)
        assert every_link_can_be_brought_on_screen(tabs), path
        assert page_width(page) <= PHONE_WIDTH, path
        screenshot(page, tmp_path, f"tabs{path.replace('/', '-')}{language}.png")
        page.context.close()
