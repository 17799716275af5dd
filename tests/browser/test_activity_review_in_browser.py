"""In a real browser at 360 px (review of activities): a rider sees on the activity's card
what it pays; at the event, staff type a code nobody can read and see a red 无法识别的签到码,
then the number of a rider who cancelled and see when they cancelled with the walk-in offer
in a calm box, not an error, and nothing sticks out sideways."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import ReviewerFactory, RiderFactory
from tests.volunteers.factories import ActivityFactory
from volunteers import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN"}
ERROR_BACKGROUND = "rgb(255, 245, 245)"  # the check-in page's error look (#fff5f5)
OFFER_BACKGROUND = "rgb(231, 245, 255)"  # a next step to take (#e7f5ff)


def fits(page, name: str) -> None:
    """Nothing sticks out sideways; a screenshot goes to $SCREENSHOT_DIR when it is set."""
    assert no_sideways_scroll(page)
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(os.environ["SCREENSHOT_DIR"]) / f"activity-review-{name}-360.png"), full_page=True)


def test_points_on_the_card_and_calm_walk_in_offer_at_360_px(live_server, browser):
    activity = ActivityFactory(title="成龙路口早高峰秩序引导", capacity=3)
    rider = RiderFactory(display_name="李骑手")
    staff = ReviewerFactory(display_name="王社工")

    # The rider, on a phone: the card says what attending pays; they sign up, then cancel.
    rider_page = browser.new_context(**PHONE).new_page()
    sign_in(rider_page, live_server.url, rider.phone[3:])
    rider_page.goto(f"{live_server.url}/activities/")
    card = rider_page.locator(f'[data-testid="activity"][data-id="{activity.pk}"]')
    expect(card.get_by_test_id("points-offer")).to_have_text("参加可得 10 积分")
    fits(rider_page, "card")
    services.signup_create(rider=rider, activity=activity)
    services.signup_cancel(rider=rider, activity=activity)

    # Staff at the event, on a phone.
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server.url, staff.username)
    page.goto(f"{live_server.url}/staff/activities/{activity.pk}/checkin/")

    page.locator("#code-input").fill("abc")
    page.locator("#lookup").click()
    verdict = page.get_by_test_id("verdict")
    expect(verdict).to_have_attribute("data-result", "unknown_code")
    expect(verdict).to_contain_text("无法识别的签到码")
    assert verdict.evaluate("e => getComputedStyle(e).backgroundColor") == ERROR_BACKGROUND
    fits(page, "unknown-code")

    page.locator("#code-input").fill(rider.phone[3:])
    page.locator("#lookup").click()
    expect(verdict).to_have_attribute("data-result", "signup_cancelled")
    expect(verdict.get_by_test_id("verdict-message")).to_contain_text("取消报名，可现场补报名")
    assert verdict.evaluate("e => getComputedStyle(e).backgroundColor") == OFFER_BACKGROUND
    walk_in = page.locator("#walk-in")
    expect(walk_in).to_be_visible()
    box = walk_in.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    fits(page, "walk-in-offer")

    page.once("dialog", lambda dialog: dialog.accept())
    walk_in.click()
    expect(page.get_by_test_id("checkin-count")).to_contain_text("1 / 1")
