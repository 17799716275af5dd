"""A new user's review of the volunteer pages on a 360 px phone, in Chromium: a rider with no
activity yet reads "No activities attended yet." where a sentence starts (it was pushed to the
right edge like an hours figure), and an activity's one-line title sits in the middle of its
44 px tap target instead of on top of an empty strip that read as a gap before its category."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser.venue_pages import signed_in_phone
from tests.factories import ReviewerFactory, RiderFactory
from tests.volunteers.factories import ActivityFactory
from volunteers.reports.services import report_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("locale", "sentence"), [("zh-CN", "尚未参加活动。"), ("en-GB", "No activities attended yet.")])
def test_an_empty_record_says_so_from_the_left_like_any_sentence(live_server, browser, locale, sentence):
    rider = RiderFactory()
    page = signed_in_phone(browser, live_server, rider, "/volunteer-record/", locale=locale)

    cell = page.get_by_test_id("record-activities").locator("tbody td")
    assert cell.inner_text().strip() == sentence
    table = page.get_by_test_id("record-activities").bounding_box()
    text = cell.evaluate(
        "td => { const r = document.createRange(); r.selectNodeContents(td); const b = r.getBoundingClientRect();"
        " return {left: b.left, right: b.right}; }"
    )
    assert text["left"] - table["x"] < 12, text  # starts at the table's left edge
    assert table["x"] + table["width"] - text["right"] > 40, text  # and does not run to the right one


def test_a_one_line_activity_title_sits_in_the_middle_of_its_tap_target(live_server, browser):
    ActivityFactory(title="街道清洁")
    page = signed_in_phone(browser, live_server, RiderFactory(), "/activities/")

    link = page.get_by_test_id("activity").first.locator("h2 a")
    box = link.bounding_box()
    assert box["height"] >= 44  # still easy to tap
    text = link.evaluate(
        "a => { const r = document.createRange(); r.selectNodeContents(a); const b = r.getBoundingClientRect();"
        " return {top: b.top, bottom: b.bottom}; }"
    )
    above, below = text["top"] - box["y"], box["y"] + box["height"] - text["bottom"]
    assert abs(above - below) <= 2, (above, below)


def test_a_riders_report_and_a_staff_activity_are_opened_by_44_px_links(live_server, browser):
    rider = RiderFactory()
    report_submit(rider=rider, category="fire_lane", description="消防通道被电动车堵住了", lat=30.6578, lng=104.0812)
    page = signed_in_phone(browser, live_server, rider, "/reports/")
    assert page.get_by_role("link", name="线索 #").first.bounding_box()["height"] >= 44

    ActivityFactory(title="街道清洁")
    staff = signed_in_phone(browser, live_server, ReviewerFactory(), "/staff/activities/")
    assert staff.locator(".vs-activity-title").first.bounding_box()["height"] >= 44


@pytest.mark.parametrize(("locale", "hours"), [("en-GB", "2 h"), ("zh-CN", "2 小时")])
def test_an_activitys_length_is_not_split_across_two_lines(live_server, browser, locale, hours):
    """At 360 px "2026-12-15 Tue 07:00–09:00 · 2 h" ended one line with "2" and began the next with "h"."""
    starts = datetime(2030, 12, 17, 7, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday, as when it was seen
    activity = ActivityFactory(title="成龙大道路口文明交通劝导", starts_at=starts, ends_at=starts + timedelta(hours=2))
    page = signed_in_phone(browser, live_server, RiderFactory(), f"/activities/{activity.pk}/", locale=locale)

    length = page.get_by_test_id("hours")
    assert length.inner_text() == hours
    assert length.evaluate("e => e.getClientRects().length") == 1
    staff = signed_in_phone(browser, live_server, ReviewerFactory(), f"/staff/activities/{activity.pk}/", locale=locale)
    assert staff.get_by_test_id("hours").evaluate("e => e.getClientRects().length") == 1
