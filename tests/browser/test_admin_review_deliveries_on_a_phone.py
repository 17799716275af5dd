"""A street admin checks the failed deliveries on a 360 px phone: each delivery is a card (site.css
table.cards), the error and the message read in full, each after its column's name. As an
eight-column table it scrolled sideways with nothing saying so: the error, the message and the
Retry button were off the screen, and the date stood on three lines."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from friendlystreet.notifications.models import Delivery, Notification
from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.factories import RiderFactory, StreetAdminFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_failed_delivery_is_a_card_with_its_error_and_retry_on_a_phone(live_server, browser):
    rider = RiderFactory()
    notice = Notification.objects.create(recipient=rider, kind="welcome", title="积分到账")
    Delivery.objects.create(
        notification=notice,
        channel="sms",
        address=rider.phone,
        text="您因“志愿服务时长 × 1.5 小时 · 大观路共享单车和电动车秩序整理”获得 15 积分。",
        status="failed",
        attempts=5,
        last_error="SmsError: provider unreachable (timeout after 10 s)",
    )

    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/notifications/deliveries/")
    delivery = page.get_by_test_id("delivery")
    error = delivery.locator("td.delivery-error")
    expect(error).to_have_text("SmsError: provider unreachable (timeout after 10 s)")
    assert error.evaluate("td => getComputedStyle(td, '::before').content") == '"最近一次错误"'
    assert delivery.bounding_box()["width"] > 300  # the card's width
    retry = delivery.get_by_role("button", name="重新发送")
    retry.scroll_into_view_if_needed()
    assert retry.bounding_box()["x"] + retry.bounding_box()["width"] <= 360
    assert no_sideways_scroll(page)
