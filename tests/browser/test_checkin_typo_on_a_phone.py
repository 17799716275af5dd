"""At the door, on a 360 px phone: the organiser types a rider's number and misses a digit.
The page says it found nobody and the ten digits stay in the box; the organiser adds the
missing one and the rider is checked in, the box then empty for the next rider."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from points.selectors import balance_of
from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.factories import ReviewerFactory, RiderFactory
from tests.volunteers.factories import ActivityFactory
from volunteers import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_missed_digit_is_added_not_typed_again(live_server, browser):
    activity = ActivityFactory(title="成龙路街道清洁", capacity=10)
    rider = RiderFactory()
    services.signup_create(rider=rider, activity=activity)
    number = rider.phone[3:]
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN").new_page()
    signed_in_by_cookie(page, live_server.url, ReviewerFactory())
    page.goto(f"{live_server.url}/staff/activities/{activity.pk}/checkin/")

    box = page.locator("#code-input")
    box.fill(number[:-1])  # the last digit missed
    page.locator("#lookup").click()

    expect(page.get_by_test_id("verdict")).to_have_attribute("data-result", "unknown_code")
    expect(box).to_have_value(number[:-1])
    assert no_sideways_scroll(page)

    box.click()
    box.press("End")
    box.press_sequentially(number[-1])
    page.locator("#lookup").click()

    expect(page.get_by_test_id("verdict")).to_have_attribute("data-result", "ok")
    expect(box).to_have_value("")
    assert balance_of(rider) > 0
