"""The staff activity form says, as the start is typed, that an activity whose start has passed
is entered to record who attended (started, or ended), and says nothing for one still to come."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.factories import ReviewerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FMT = "%Y-%m-%dT%H:%M"


def test_the_note_follows_the_typed_start_and_end(live_server, page: Page):
    signed_in_by_cookie(page, live_server.url, ReviewerFactory())
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/staff/activities/new/")
    note = page.get_by_test_id("activity-past-note")
    expect(note).to_be_hidden()
    now = timezone.localtime()

    page.locator("#id_starts_at").fill((now - timedelta(hours=1)).strftime(FMT))
    page.locator("#id_ends_at").fill((now + timedelta(hours=1)).strftime(FMT))
    expect(note).to_be_visible()
    expect(note).to_contain_text("活动已经开始：仍可录入，并在签到页面登记到场的骑手。")

    page.locator("#id_ends_at").fill((now - timedelta(minutes=10)).strftime(FMT))
    expect(note).to_contain_text("活动已经结束：开始后 7 天内仍可补录")
    assert no_sideways_scroll(page)

    page.locator("#id_starts_at").fill((now + timedelta(days=1)).strftime(FMT))
    expect(note).to_be_hidden()
