"""The triage list on a reviewer's phone (360 px): the way into a report and the box that picks
it for "duplicates of #n" are each a thumb's size (44 px). The link was the number alone, "#5",
25 px square beside a 22 px box with nothing around it: a tap meant for one hit the other or
nothing. Now the number with its category opens the report, and the box sits in a 44 px label."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import ReviewerFactory, RiderFactory, StreetAdminFactory
from volunteers.reports.services import report_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("staff_factory", [ReviewerFactory, StreetAdminFactory], ids=["reviewer", "admin"])
def test_on_a_phone_a_reviewer_opens_and_picks_a_report_with_a_thumb(live_server, browser, staff_factory):
    rider = RiderFactory()
    report = report_submit(
        rider=rider, category="safety_hazard", description="井盖松了，一边翘起来三厘米", lat=30.6085, lng=104.1255
    ).report
    staff = staff_factory()
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN").new_page()
    sign_in(page, live_server.url, staff.username)
    page.goto(f"{live_server.url}/staff/reports/")

    row = page.locator(f"[data-testid=report-row][data-report-id='{report.pk}']")
    row.scroll_into_view_if_needed()  # below the fold at 360 px since the list says how many are new (b8819a4)
    opener = row.locator(".rs-title a").first  # the link that opens the report
    link = opener.bounding_box()
    assert link["height"] >= 44 and link["width"] >= 44, link

    expect(opener).to_have_accessible_name(f"#{report.pk} 安全隐患")

    box = row.locator(".select-report")
    pick = row.locator(".rs-pick").bounding_box()
    assert pick["height"] >= 44 and pick["width"] >= 44, pick
    # a tap at the edge of the label, not on the 22 px box itself, ticks it
    page.mouse.click(pick["x"] + 3, pick["y"] + pick["height"] - 3)
    expect(box).to_be_checked()
    assert no_sideways_scroll(page)

    opener.click()
    expect(page.locator("[data-testid=report-state]")).to_have_text("已提交")
    page.context.close()
