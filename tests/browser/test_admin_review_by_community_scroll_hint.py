"""A street admin reads the dashboard's table by community (20 columns: the communities and each
figure) on a 360 px phone and at a 1280 px desk. It is wider than either, and nothing said so:
the right-hand columns (sign-ups, attendance, reports, tips, the medians) were simply off the
edge, as if the table ended at 净兑换. Now the hint under it says that it scrolls sideways and
how many columns it has, as the charts' tables do, until it is scrolled to its end; and the box
takes the keyboard's focus, so it scrolls without a mouse too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.factories import StreetAdminFactory
from tests.venues.factories import CommunityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_table_by_community_says_it_scrolls_sideways_until_it_is_scrolled(live_server, browser, width):
    CommunityFactory(name="驿都社区")
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/", viewport={"width": width, "height": 800})
    table = page.get_by_test_id("by-community")
    box = table.locator("xpath=..")
    hint = page.get_by_test_id("by-community-hint")
    columns = table.locator("thead th").count()

    expect(hint).to_be_visible()
    expect(hint).to_have_text(f"表格可左右滑动查看更多，共 {columns} 列。")
    assert hint.get_attribute("data-more") == "right"
    assert box.get_attribute("tabindex") == "0"

    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    expect(hint).to_be_hidden()
    assert no_sideways_scroll(page, width)
