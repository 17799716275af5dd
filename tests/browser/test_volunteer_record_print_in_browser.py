"""The volunteer record is printed: in Chromium's print to PDF, a rider's record with a season
of activities fits one A4 page (what the street office stamps), without the site's top bar,
tab bar or footer. (It replaces a test that only found "@page { size: A4" in the CSS.)"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.steps import sign_in
from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.models import Signup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_POINTS = (595, 842)  # 210 × 297 mm


def pages_of(pdf: bytes) -> list[tuple[float, float]]:
    """The size of each page of a PDF that Chromium wrote (its page objects are plain text)."""
    return [
        (float(width), float(height))
        for width, height in re.findall(rb"/Type\s*/Page\b(?!s).*?/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf, re.S)
    ]


def test_a_seasons_record_prints_on_one_a4_page(live_server, browser):
    rider = RiderFactory(display_name="李骑手")
    for n in range(12):
        starts = timezone.now() - timedelta(days=90 - 7 * n)
        SignupFactory(
            activity=ActivityFactory(title=f"成龙路街道清洁第{n + 1}期", starts_at=starts, ends_at=starts + timedelta(hours=2)),
            rider=rider,
            attendance=Signup.Attendance.ATTENDED,
        )
    page = browser.new_context(locale="zh-CN").new_page()
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/volunteer-record/")
    assert page.get_by_test_id("record-activity").count() == 12

    pdf = page.pdf(format="A4", print_background=False)

    sizes = pages_of(pdf)
    assert len(sizes) == 1, sizes
    assert all(abs(side - a4) <= 2 for side, a4 in zip(sizes[0], A4_POINTS, strict=True)), sizes
    # What the sheet shows is the record: the site's top bar and footer, on the screen, are not
    # on paper (A4 less its margins is about 680 px wide).
    parts = [page.locator(".topbar"), page.locator(".footer")]
    assert all(part.is_visible() for part in parts)
    on_paper(page)
    assert not any(part.is_visible() for part in parts)


def as_wide_as_the_sheet(page) -> None:
    page.set_viewport_size({"width": 680, "height": 1000})


def on_paper(page) -> None:
    as_wide_as_the_sheet(page)
    page.emulate_media(media="print")


def test_the_tab_bar_is_not_printed_on_the_record(live_server, browser):
    rider = RiderFactory()
    page = browser.new_context(locale="zh-CN").new_page()
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/volunteer-record/")
    tabbar = page.get_by_test_id("tabbar")
    as_wide_as_the_sheet(page)
    assert tabbar.is_visible()  # on a screen that narrow, the rider's tab bar shows

    on_paper(page)

    assert not tabbar.is_visible()
