"""In Chromium on a 360 px phone: the opening-hours editor (static/js/forms.js) knows its four
day modes, 未填写 among them (a row of its own class, no times to fill, as a closed day: no
:has() rule needed), and says 次日 (next day) only beside a closing time earlier than the
opening time, as the server reads the week: 09:00–09:00 is refused there, so the editor does
not call it overnight, and 09:00–00:00 closes at midnight the same day. Screenshots go to
$SCREENSHOT_DIR when set."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import amap, page_width, screenshot, signed_in_phone
from tests.factories import StreetAdminFactory
from tests.venues.factories import VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures(amap.__name__)]


def test_next_day_shows_only_for_a_closing_time_earlier_than_the_opening(live_server, browser, tmp_path):
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/venues/new/", tiles="down")
    monday = page.locator('.fs-hours-row[data-day="0"]')
    monday.locator("select").select_option("open")
    opens, closes = page.get_by_label("周一：开门时间"), page.get_by_label("周一：关门时间")
    next_day = monday.locator('[data-part="first"] [data-part="next"]')

    opens.fill("09:00")
    closes.fill("09:00")  # refused by the server (choose 24小时): not overnight
    expect(next_day).to_be_hidden()
    closes.fill("02:00")
    expect(next_day).to_be_visible()
    expect(next_day).to_have_text("次日")
    closes.fill("00:00")  # midnight, the end of the same day
    expect(next_day).to_be_hidden()
    closes.fill("21:00")
    expect(next_day).to_be_hidden()
    closes.fill("08:59")
    expect(next_day).to_be_visible()
    assert page_width(page) <= 360
    screenshot(page, tmp_path, "hours-next-day-360.png", full_page=True)


def test_a_day_not_given_has_its_own_mode_and_no_times(live_server, browser, tmp_path):
    venue = VenueFactory(name="周末才开的驿站", hours="Sa-Su 09:00-18:00")
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/venues/new/", tiles="down")

    # A blank week: every row is 未填写, marked as such by forms.js, its times hidden.
    rows = page.locator(".fs-hours-row")
    expect(rows).to_have_count(7)
    for i in range(7):
        expect(rows.nth(i)).to_have_class(re.compile(r"\bfs-hours-unset\b"))
        expect(rows.nth(i).locator('[data-part="first"]')).to_be_hidden()
        expect(rows.nth(i).locator('[data-action="second"]')).to_be_hidden()
    tuesday = page.locator('.fs-hours-row[data-day="1"]')
    tuesday.locator("select").select_option("open")
    expect(tuesday).to_have_class(re.compile(r"\bfs-hours-open\b"))
    expect(tuesday).not_to_have_class(re.compile(r"\bfs-hours-unset\b"))
    expect(page.get_by_label("周二：开门时间")).to_be_visible()
    expect(tuesday.locator('[data-action="second"]')).to_be_visible()
    # "Same as Monday" copies Monday's 未填写: the times go again.
    tuesday.locator('[data-action="copy"]').click()
    expect(tuesday.locator("select")).to_have_value("")
    expect(tuesday).to_have_class(re.compile(r"\bfs-hours-unset\b"))
    expect(page.get_by_label("周二：开门时间")).to_be_hidden()

    # A venue with hours: its other days are 休息 (closed), still without times; none is 未填写.
    page.goto(f"{live_server.url}/staff/venues/{venue.pk}/")
    expect(page.locator(".fs-hours-unset")).to_have_count(0)
    expect(page.locator('.fs-hours-row[data-day="0"]')).to_have_class(re.compile(r"\bfs-hours-closed\b"))
    expect(page.get_by_label("周一：开门时间")).to_be_hidden()
    expect(page.get_by_label("周六：开门时间")).to_be_visible()
    expect(page.get_by_label("周六：开门时间")).to_have_value("09:00")
    assert page_width(page) <= 360
    screenshot(page, tmp_path, "hours-modes-360.png", full_page=True)
