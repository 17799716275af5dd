"""A rider on a 360 px phone at a merchant's venue page taps a reward's line (its name, its
points) and the reward opens: the line is a 44 px target, not a 25 px link in it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tapping_a_rewards_points_on_the_venue_page_opens_the_reward(live_server, browser, barber, haircut):
    page = phone(browser)
    page.goto(f"{live_server.url}/venues/{barber.pk}/")
    line = page.get_by_test_id("venue-reward")
    line.scroll_into_view_if_needed()

    assert line.bounding_box()["height"] >= 44
    box = line.get_by_text("80 积分").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    expect(page).to_have_url(re.compile(rf"/rewards/{haircut.pk}/$"))
