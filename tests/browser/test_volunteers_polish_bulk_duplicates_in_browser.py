"""In a real browser, on a 360 px phone: a reviewer ticks two reports of the same loose manhole
cover on the triage list and marks them as duplicates of the first report. The next page says
which reports close as duplicates of which one, and what their reporters read; nothing changes
until the reviewer confirms. The page fits the phone.

A screenshot goes to $SCREENSHOT_DIR when it is set (to look at it), else to the test's
temporary directory."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import ReviewerFactory, RiderFactory
from volunteers.models import Report, ReportUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_report(description: str, category: str = "safety_hazard") -> Report:
    rider = RiderFactory()
    report = Report.objects.create(reporter=rider, category=category, description=description, address="成龙大道二段1066号")
    ReportUpdate.objects.create(report=report, status=Report.Status.SUBMITTED, author=rider)
    return report


def test_a_reviewer_sees_the_duplicates_and_their_original_before_confirming(live_server, browser, tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    original = a_report("成龙大道二段1066号门口人行道上的井盖松了")
    first = a_report("理发店旁边有个井盖是活动的，踩上去会响")
    second = a_report("1066号门口井盖翘起来了", category="public_facility")
    staff = ReviewerFactory(display_name="王社工")
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    sign_in(page, live_server.url, staff.username)

    page.goto(f"{live_server.url}/staff/reports/")
    page.get_by_label(f"选择线索 #{first.pk}").check()
    page.get_by_label(f"选择线索 #{second.pk}").check()
    page.locator("#bulk-original").fill(str(original.pk))
    page.locator("#bulk-duplicate").click()

    confirm = page.get_by_test_id("bulk-duplicate-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text(f"2 条线索将标记为与线索 #{original.pk} 重复")
    expect(page.get_by_test_id("original-excerpt")).to_contain_text("井盖松了")
    expect(page.get_by_test_id("closing-report")).to_have_count(2)
    expect(page.get_by_test_id("other-category")).to_have_count(1)
    expect(page.get_by_test_id("duplicate-note")).to_contain_text(f"第{original.pk}号线索")
    assert no_sideways_scroll(page)
    button = page.locator("#confirm-bulk-duplicate")
    assert button.bounding_box()["height"] >= 44
    page.screenshot(path=str(folder / "bulk-duplicates-confirm-360.png"), full_page=True)
    assert Report.objects.filter(status=Report.Status.DUPLICATE).count() == 0  # nothing yet

    button.click()

    expect(page).to_have_url(re.compile(r"/staff/reports/$"))
    expect(page.locator(".messages")).to_contain_text(f"已将 2 条线索标记为 #{original.pk} 的重复")
    assert set(Report.objects.filter(duplicate_of=original).values_list("pk", flat=True)) == {first.pk, second.pk}
    assert not problems, problems
    context.close()
