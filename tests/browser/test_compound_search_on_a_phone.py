"""A rider looking for a compound's guide on a phone: the search box says what it searches (a
compound's name or address) and is as wide as the screen, not a 160 px box beside its button."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import PHONE_WIDTH, phone
from tests.venues.factories import CompoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_search_box_says_what_it_searches_and_fills_the_width(live_server, browser):
    CompoundFactory(name="成龙锦苑", address="锦江区成龙大道二段666号")
    page = phone(browser)
    page.goto(f"{live_server.url}/compounds/")

    box = page.get_by_label("小区名称或地址")
    assert box.bounding_box()["width"] >= PHONE_WIDTH - 2 * 16 - 1  # the page's margins only
    box.fill("成龙大道")
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_test_id("compound-item")).to_have_count(1)
    expect(page.get_by_test_id("compound-item")).to_contain_text("成龙锦苑")
