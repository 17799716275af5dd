"""In Chromium on a 360 px phone (staff-content review #3): a street admin saves a new venue
without touching the opening-hours editor, and a rider reads 营业时间未填写 on its page and
in the list, not 已打烊 and seven 休息 days; 09:00–09:00 is refused at the editor with what to
choose instead. The map's tiles are stubbed; the coordinates are typed, as a newcomer does
when the map does not load. Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import amap, fill_venue_basics, page_width, phone, screenshot, signed_in_phone
from tests.factories import StreetAdminFactory
from venues.models import Venue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures(amap.__name__)]


def test_a_venue_saved_with_an_untouched_week_reads_hours_not_given_to_riders(live_server, browser, tmp_path):
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/venues/new/")

    # The week starts blank: every day says 未填写, none says 休息; the editor fits the phone.
    modes = page.locator(".fs-hours-row select")
    expect(modes).to_have_count(7)
    for i in range(7):
        expect(modes.nth(i)).to_have_value("")
    expect(modes.first.locator("option:checked")).to_have_text("未填写")
    # No times to fill on a day 未填写, as on a closed day: choosing 营业 brings them.
    expect(page.get_by_label("周二：开门时间")).to_be_hidden()
    page.locator('.fs-hours-row[data-day="1"] select').select_option("open")
    expect(page.get_by_label("周二：开门时间")).to_be_visible()
    page.locator('.fs-hours-row[data-day="1"] select').select_option("")
    assert page_width(page) <= 360
    expect(page.locator("#id_hours_text_helptext, .fs-field:has(#id_hours_text) .helptext").first).to_contain_text("未填写")

    fill_venue_basics(page, "未填时间的驿站")
    page.locator("#save-venue").click()
    expect(page).to_have_url(re.compile(r"/staff/venues/\d+/$"))
    venue = Venue.objects.get(name="未填时间的驿站")
    assert venue.hour_ranges() == []
    screenshot(page, tmp_path, "venue-hours-not-given-staff-360.png", full_page=True)

    rider = phone(browser)
    rider.goto(f"{live_server.url}/venues/{venue.pk}/")
    expect(rider.get_by_test_id("hours-not-given")).to_have_text("营业时间未填写")
    expect(rider.get_by_test_id("hours-not-given-note")).to_contain_text("街道办尚未录入此阵地的营业时间")
    expect(rider.get_by_test_id("open-state")).not_to_contain_text("已打烊")
    expect(rider.get_by_test_id("hours")).to_have_count(0)
    screenshot(rider, tmp_path, "venue-hours-not-given-rider-360.png", full_page=True)

    rider.goto(f"{live_server.url}/venues/")
    card = rider.locator(f'[data-testid=venue-item][data-venue-id="{venue.pk}"]')
    expect(card.get_by_test_id("hours-not-given")).to_have_text("营业时间未填写")
    expect(card.get_by_test_id("closed-now")).to_have_count(0)


def test_nine_to_nine_is_refused_at_the_editor_with_what_to_choose(live_server, browser, tmp_path):
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/venues/new/")
    fill_venue_basics(page, "九点到九点的驿站")
    monday = page.locator('.fs-hours-row[data-day="0"]')
    monday.locator("select").select_option("open")
    page.get_by_label("周一：开门时间").fill("09:00")
    page.get_by_label("周一：关门时间").fill("09:00")

    page.locator("#save-venue").click()

    expect(page.locator(".fs-field:has(#id_hours_text_0_mode) .errorlist")).to_contain_text(
        "周一：开门和关门时间都是 09:00。如果全天营业，请选择“24小时”。"
    )
    assert not Venue.objects.filter(name="九点到九点的驿站").exists()
    assert page_width(page) <= 360
    screenshot(page, tmp_path, "venue-hours-same-time-360.png", full_page=True)
