"""On a phone, a rider opens the bell, marks a notification read (the number on the bell
goes down without a reload), then marks all read."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from friendlystreet.notifications.models import Notification
from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rider_reads_notifications_on_a_phone(live_server, page: Page, rider, other_rider):
    for title in ("Claim approved", "Voucher expires tomorrow", "Activity moved"):
        Notification.objects.create(recipient=rider, kind="welcome", title=title, body="…", link="/home/")
    Notification.objects.create(recipient=other_rider, kind="welcome", title="Not for you")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.set_viewport_size({"width": 390, "height": 844})
    signed_in_by_cookie(page, live_server.url, rider)
    page.goto(f"{live_server.url}/home/")
    expect(page.get_by_test_id("bell-count")).to_have_text("3")

    page.get_by_test_id("bell").click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    items = page.get_by_test_id("notification")
    expect(items).to_have_count(3)
    expect(items.first).to_contain_text("Activity moved")  # newest first
    expect(page.get_by_text("Not for you")).to_have_count(0)

    # Opening the inbox marked what it shows as read (issue 18): the bell follows at once, the
    # three still read as new this once, with nothing left to mark.
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
    expect(page.get_by_test_id("unread-marker")).to_have_count(3)
    expect(page.locator("form.mark-read")).to_have_count(0)
    expect(page.locator("#mark-all-read")).to_have_count(0)
    assert not Notification.objects.filter(recipient=rider, read_at__isnull=True).exists()
    page.reload()
    expect(page.get_by_test_id("unread-marker")).to_have_count(0)

    # Nothing sticks out sideways on a narrow screen.
    assert no_sideways_scroll(page, 390)
    assert errors == []  # no CSP violations, no script errors


def test_opening_a_notification_follows_its_link(live_server, page: Page, rider):
    n = Notification.objects.create(recipient=rider, kind="welcome", title="Welcome", link="/profile/")
    signed_in_by_cookie(page, live_server.url, rider)
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_test_id("notification").locator("a.inbox-open").click()
    expect(page).to_have_url(re.compile(r"/profile/$"))
    n.refresh_from_db()
    assert n.read_at is not None
