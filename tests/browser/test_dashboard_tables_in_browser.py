"""A reviewer on a 360 px phone reads last month's dashboard (finding 13 of the staff review):
a chart's long table says it scrolls, and scrolled to its end shows its last row whole; the
reports table's heads stay on one line (已提交, not 已/提/交); the wide table by community,
scrolled sideways, still shows which community each row is.

A chart's table of two or three columns shows its values at 360 px, in English too: its row
names wrap (Learning and training on two lines) rather than push "Claims submitted" and its
numbers out of the box ("Claims submitte…", "Active rid…" in the stafftriage review); a day
(2026-11-30) stays whole, a column's head breaks only between words.

Screenshots go to $SCREENSHOT_DIR when it is set, else to the test's temporary directory."""

from __future__ import annotations

import os
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from friendlystreet.days import local_today
from friendlystreet.days import local_zone as zone
from points.models import Claim
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import CategoryFactory, ClaimFactory, RuleFactory
from tests.venues.factories import CommunityFactory, VenueFactory
from volunteers.models_reports import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def last_month_with_its_last_day_busy(reviewer) -> None:
    """Communities with venues, points earned on the last day of last month, reports of last
    month in several states."""
    last_day = local_today().replace(day=1) - timedelta(days=1)
    communities = [CommunityFactory(name=name) for name in ("驿都社区", "长柏社区", "成龙社区")]
    for i, community in enumerate(communities):
        VenueFactory(community=community, lat=30.6 + i / 100, lng=104.1 + i / 100)
    rider = RiderFactory(display_name="高峰")
    claim = ClaimFactory(rider=rider)
    when = datetime.combine(last_day, time(15, 0), tzinfo=zone())
    Claim.objects.filter(pk=claim.pk).update(
        status="approved", points=6825, points_computed=6825, decided_at=when, decided_by=reviewer, created_at=when
    )
    for status in (Report.Status.SUBMITTED, Report.Status.REJECTED, Report.Status.DUPLICATE, Report.Status.RESOLVED):
        report = Report.objects.create(
            reporter=rider, category="other", description="路灯不亮", address="成龙大道", community=communities[0], status=status
        )
        Report.objects.filter(pk=report.pk).update(created_at=when)


def lines_of_heads(page: Page, selector: str) -> list[list]:
    """[text, lines it takes] of each head the selector finds."""
    heads = page.locator(selector)
    expect(heads.first).to_be_attached()
    return heads.evaluate_all(
        """ths => ths.map(th => {
             const range = document.createRange();
             range.selectNodeContents(th);
             const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
             return [th.textContent.trim(), tops.size];
           })"""
    )


# The words of each cell of a table, and where they end on the screen (its padding aside).
TEXT_RIGHTS = """box => [...box.querySelectorAll('th, td')].filter(c => c.textContent.trim()).map(c => {
  const r = document.createRange(); r.selectNodeContents(c);
  return [c.textContent.trim(), r.getBoundingClientRect().right];
})"""


def values_in_view(box) -> list[str]:
    """The cells whose words run past the box's right edge (none: every value can be read)."""
    right = box.bounding_box()["x"] + box.bounding_box()["width"]
    return [text for text, end in box.evaluate(TEXT_RIGHTS) if end > right + 0.5]


def test_a_reviewer_on_a_phone_reads_every_row_and_every_head(live_server, page: Page, tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    reviewer = ReviewerFactory(display_name="王审核")
    last_month_with_its_last_day_busy(reviewer)

    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/staff/?preset=last_month")
    page.wait_for_load_state("networkidle")
    assert no_sideways_scroll(page)

    # The points per day: a month of rows in a box, which says it scrolls.
    chart = page.locator('[data-chart="points_per_day"]')
    box = chart.locator("[data-scroll-table]")
    hint = chart.locator("[data-scroll-hint]")
    box.scroll_into_view_if_needed()
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("表格可滚动查看更多")
    page.screenshot(path=str(folder / "dash-table-hint-360.png"), full_page=False)
    # Scrolled to its end, the last day is seen whole, with its 6825 points; the hint goes.
    box.evaluate("el => el.scrollTo(0, el.scrollHeight)")
    last_row = box.locator("tbody tr").last
    expect(last_row).to_contain_text("6825")
    frame, row = box.bounding_box(), last_row.bounding_box()
    assert row["y"] >= frame["y"] and row["y"] + row["height"] <= frame["y"] + frame["height"] + 1, (frame, row)
    expect(hint).to_be_hidden()
    # Nothing to its right: both columns of figures in view, each day whole on its line.
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert values_in_view(box) == []
    assert all(n == 1 for _text, n in lines_of_heads(page, '[data-chart="points_per_day"] tbody th')), "a day broke"

    # The figures, the reports by state and the partners' table: each head on one line.
    lines = lines_of_heads(page, '[data-testid="figures"] thead th')
    assert ["本期", 1] in lines and all(n == 1 for _text, n in lines), lines
    lines = lines_of_heads(page, '[data-chart="reports_by_state_and_category"] thead th')
    assert ["已提交", 1] in lines and ["不予受理", 1] in lines, lines
    assert all(n == 1 for _text, n in lines), lines
    lines = lines_of_heads(page, '[data-testid="partners"] thead th')
    assert ["场所", 1] in lines and ["已核销积分", 1] in lines, lines
    assert all(n == 1 for _text, n in lines), lines
    page.locator('[data-chart="reports_by_state_and_category"]').screenshot(path=str(folder / "dash-reports-360.png"))

    # By community, scrolled sideways: the 社区 column stays at the left edge.
    table = page.get_by_test_id("by-community")
    wrap = table.locator("xpath=..")
    wrap.scroll_into_view_if_needed()
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    wrap.evaluate("el => el.scrollTo(el.scrollWidth, 0)")
    name = table.locator("tbody th", has_text="驿都社区")
    expect(name).to_be_visible()
    assert abs(name.bounding_box()["x"] - wrap.bounding_box()["x"]) <= 1
    # And it is on top of the figures that scrolled under it.
    x, y = name.bounding_box()["x"] + 5, name.bounding_box()["y"] + 5
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('th')?.textContent.trim()", [x, y]) == "驿都社区"
    # The note under the table does not scroll away with the figures.
    expect(page.get_by_text("骑手和获得积分按骑手的常住社区统计", exact=False)).to_be_in_viewport()
    page.screenshot(path=str(folder / "dash-communities-scrolled-360.png"), full_page=False)


def test_in_english_a_table_of_two_columns_shows_its_values_on_a_phone(live_server, page: Page, tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    rider = RiderFactory()
    for code, name, name_en, n in [
        ("learning", "学习培训", "Learning and training", 23),
        ("reports", "治理线索", "Reports on local issues", 3),
        ("volunteering", "志愿服务", "Volunteer service", 67),
    ]:
        rule = RuleFactory(category=CategoryFactory(code=code, name=name, name_en=name_en))
        for _ in range(n):
            ClaimFactory(rider=rider, rule=rule)
    reviewer = ReviewerFactory(display_name="王审核")

    page.set_viewport_size({"width": 360, "height": 780})
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/staff/")
    page.wait_for_load_state("networkidle")
    assert no_sideways_scroll(page)

    chart = page.locator('[data-chart="claims_by_category"]')
    box = chart.locator("[data-scroll-table]")
    box.scroll_into_view_if_needed()
    # Every head and every number in view: nothing cut at the box's edge, nothing to scroll to.
    assert values_in_view(box) == []
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth")
    expect(chart.locator("[data-scroll-hint]")).to_be_hidden()
    row = box.locator("tbody tr", has_text="Volunteer service")
    expect(row.locator("td").first).to_have_text("67")
    # The long row names take two lines to make room for them; a column's head breaks between words only.
    lines = dict(lines_of_heads(page, '[data-chart="claims_by_category"] tbody th'))
    assert lines["Learning and training"] == 2 and lines["Reports on local issues"] == 2, lines
    heads = lines_of_heads(page, '[data-chart="claims_by_category"] thead th')
    assert [text for text, _n in heads] == ["Claims submitted", "Points earned"], heads
    assert all(n <= len(text.split()) for text, n in heads), heads
    chart.screenshot(path=str(folder / "dash-claims-by-category-en-360.png"))
