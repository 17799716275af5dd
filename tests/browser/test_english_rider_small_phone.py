"""A rider who reads English, on a small phone (320 px wide), chooses English with the switch at
the foot of the page and walks through reporting a problem and their volunteer record.

- Under the report form and on a report's page, "My reports · Resolved problems" and "My reports
  · Report a problem" are two links side by side, not words in a sentence: each is a 44 px target
  (they were 17 px tall). So is the name of the venue a venue report is about.
- In the volunteer record's table the date stays on one line (2026-11-21, not "2026-" over
  "11-21"): the activity's title takes the wrapping.
Nothing scrolls sideways."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.factories import RiderFactory
from tests.venues.factories import VenueFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory, started
from volunteers.models import Signup
from volunteers.reports.services import report_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 320, "height": 640}

LINES = "td => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length; }"
HEIGHTS = "els => els.map(a => Math.round(a.getBoundingClientRect().height))"


def in_english(page: Page, base: str, rider) -> None:
    page.set_viewport_size(SMALL_PHONE)
    signed_in_by_cookie(page, base, rider)
    page.goto(f"{base}/home/")
    page.locator("form.lang-switch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_links_under_the_report_form_and_a_report_are_44px_targets(live_server, page: Page):
    rider = RiderFactory(display_name="Li Qiang")
    venue = VenueFactory()
    report = report_submit(
        rider=rider, category="safety_hazard", description="The lamp at gate 3 is broken", address="Gate 3"
    ).report
    in_english(page, live_server.url, rider)

    page.goto(f"{live_server.url}/reports/new/")
    links = page.locator("main p", has=page.get_by_role("link", name="Resolved problems")).get_by_role("link")
    expect(links).to_have_count(2)
    assert all(h >= 44 for h in links.evaluate_all(HEIGHTS)), links.evaluate_all(HEIGHTS)
    assert no_sideways_scroll(page, 320)

    page.goto(f"{live_server.url}/reports/new/?venue={venue.pk}")
    about = page.get_by_test_id("report-venue").get_by_role("link", name=venue.name)
    assert about.evaluate("a => a.getBoundingClientRect().height") >= 44

    page.goto(f"{live_server.url}/reports/{report.pk}/")
    links = page.locator("main p", has=page.get_by_role("link", name="Report a problem")).get_by_role("link")
    expect(links).to_have_count(2)
    assert all(h >= 44 for h in links.evaluate_all(HEIGHTS)), links.evaluate_all(HEIGHTS)
    assert no_sideways_scroll(page, 320)


def test_the_dates_in_the_volunteer_record_stay_on_one_line(live_server, page: Page):
    rider = RiderFactory(display_name="Li Qiang")
    # Ended three hours ago: the record counts an activity once it has ended.
    activity = started(ActivityFactory(title="大观路共享单车和电动车秩序整理"), ago=timedelta(hours=3))
    SignupFactory(activity=activity, rider=rider, attendance=Signup.Attendance.ATTENDED)
    in_english(page, live_server.url, rider)

    page.goto(f"{live_server.url}/volunteer-record/")
    date = page.get_by_test_id("record-activity").locator("td").first
    lines = date.evaluate(
        "td => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length; }"
    )
    assert lines == 1, date.inner_text()
    assert no_sideways_scroll(page, 320)
