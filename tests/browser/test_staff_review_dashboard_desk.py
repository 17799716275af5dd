"""A reviewer at a desk (1280 px) reads the reports received this month by category and state:
the table under the chart shows its six states (in half the width it hid 重复 and part of
不予受理 to the right of its box, with nothing saying so), and each head stands over its own
numbers, on the right (left-aligned, 已提交 stood nearer 已受理's numbers than its own)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import sign_in
from tests.browser.venue_pages import folder_for
from tests.factories import ReviewerFactory, RiderFactory
from tests.venues.factories import CommunityFactory
from volunteers.models_reports import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATES = ["已提交", "已受理", "处理中", "已办结", "不予受理", "重复"]


def reports_this_month() -> None:
    rider, community = RiderFactory(), CommunityFactory(name="驿都社区")
    for status in (Report.Status.SUBMITTED, Report.Status.DUPLICATE, Report.Status.RESOLVED):
        Report.objects.create(
            reporter=rider, category="other", description="路灯不亮", address="成龙大道", community=community, status=status
        )


def test_the_reports_table_shows_every_state_under_its_head_at_a_desk(live_server, page, tmp_path):
    reports_this_month()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, ReviewerFactory().username)
    page.goto(f"{live_server.url}/staff/")

    chart = page.locator('[data-chart="reports_by_state_and_category"]')
    box = chart.locator("[data-scroll-table]")
    box.scroll_into_view_if_needed()
    expect(chart.locator("thead th")).to_have_text(STATES)
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth"), "the table hides columns to the right"
    # Each head's words end where its numbers end.
    edges = box.evaluate(
        """el => {
             const right = node => { const r = document.createRange(); r.selectNodeContents(node);
                                     return Math.round(r.getBoundingClientRect().right); };
             const row = el.querySelector('tbody tr');
             return [...el.querySelectorAll('thead th')].map((th, i) => [right(th), right(row.children[i + 1])]);
           }"""
    )
    assert all(abs(head - number) <= 1 for head, number in edges), edges
    chart.screenshot(path=str(folder_for(tmp_path) / "dash-reports-1280.png"))
