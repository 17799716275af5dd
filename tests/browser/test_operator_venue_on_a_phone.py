"""The barber on his phone (360 px): his profile names his venue with links a thumb can hit,
and he changes Monday's hours in the staff form's editor, then reads them on his venue's page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.browser.venue_pages import phone
from tests.points.rewards.factories import barbers_counter
from venues import hours as h

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_barber_finds_his_venue_on_his_profile_and_changes_its_hours(live_server, browser):
    shop, barber, _rider = barbers_counter()
    page = phone(browser)
    signed_in_by_cookie(page, live_server.url, barber)

    page.goto(f"{live_server.url}/profile/")
    panel = page.get_by_test_id("operator-venues")
    expect(panel).to_contain_text("王师傅理发店")
    assert no_sideways_scroll(page)
    for link in panel.locator("a").all():
        assert link.bounding_box()["height"] >= 44, link.inner_text()

    page.get_by_test_id("operator-venue-edit").click()
    page.wait_for_load_state("load")
    assert no_sideways_scroll(page)
    page.locator("#id_phone").fill("13900000003")
    page.locator("select[name=hours_text_0_mode]").select_option("open")
    page.locator("input[name=hours_text_0_opens]").fill("09:00")
    page.locator("input[name=hours_text_0_closes]").fill("21:00")
    page.locator("#save-details").click()

    expect(page.locator(".messages")).to_contain_text("已保存")
    shop.refresh_from_db()
    assert shop.phone == "13900000003"
    assert h.Range(0, 9 * 60, 21 * 60) in shop.hour_ranges()

    page.get_by_test_id("venue-public-page").click()
    expect(page.locator("main")).to_contain_text("13900000003")
    assert no_sideways_scroll(page)
