"""In a real browser, on a phone: a street admin opens the reply templates from the triage list,
writes one for accepted sanitation reports, and a reviewer answering such a report picks it and
finds the note filled in. Nothing sticks out sideways at 360 px.

Screenshots of the list and the form at 360 and 1280 px go to $SCREENSHOT_DIR when it is set,
else to the test's temporary directory."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.steps import sign_in
from tests.browser.test_report_in_browser import screenshots
from tests.factories import ReviewerFactory, RiderFactory, StreetAdminFactory
from volunteers.models import ReplyTemplate, Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_street_admin_writes_a_template_and_a_reviewer_answers_with_it(live_server, browser, tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    admin = StreetAdminFactory(display_name="街道管理员")
    reviewer = ReviewerFactory(display_name="王社工")
    report = Report.objects.create(
        reporter=RiderFactory(), category="sanitation", description="垃圾桶满了三天没人清", address="成龙路168号"
    )
    ReplyTemplate.objects.create(category="", status="rejected", title="现场未发现", text="现场核实未发现所述问题。")

    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    sign_in(page, live_server.url, admin.username)

    page.goto(f"{live_server.url}/staff/reports/")
    page.locator("#reply-templates-link").click()
    expect(page).to_have_url(re.compile(r"/staff/reports/templates/$"))
    expect(page.get_by_test_id("template-row")).to_have_count(1)
    page.locator("#new-template").click()
    page.locator("#id_category").select_option("sanitation")
    page.locator("#id_status").select_option("accepted")
    page.locator("#id_title").fill("已转交环卫")
    page.locator("#id_text").fill("感谢上报，已转交街道环卫所，今天内清运。")
    assert page.locator("#save-template").bounding_box()["height"] >= 44
    screenshots(page, None, "reply-template-form", folder)
    page.locator("#save-template").click()

    expect(page).to_have_url(re.compile(r"/staff/reports/templates/$"))
    expect(page.get_by_test_id("template-row")).to_have_count(2)
    screenshots(page, page.url, "reply-template-list", folder)
    # A refused form shows its errors in the form system, still within the screen.
    page.goto(f"{live_server.url}/staff/reports/templates/new/")
    page.locator("#id_title").fill("长" * 61)
    expect(page.locator("#id_title")).to_have_value("长" * 60)  # the box takes no more than the column
    page.locator("#id_title").fill("")
    page.locator("#save-template").click()
    expect(page.locator("#field-title.has-error")).to_be_visible()
    expect(page.locator("#field-text.has-error")).to_be_visible()
    screenshots(page, None, "reply-template-form-errors", folder)
    assert ReplyTemplate.objects.count() == 2
    problems.remove("Failed to load resource: the server responded with a status of 400 (Bad Request)")  # that form

    # The reviewer answers the report: accepting offers the new template, which fills the note.
    reviewer_page = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN").new_page()
    sign_in(reviewer_page, live_server.url, reviewer.username)
    reviewer_page.goto(f"{live_server.url}/staff/reports/{report.pk}/")
    reviewer_page.get_by_test_id("move-accepted").check()
    picker = reviewer_page.locator("#reply-template")
    expect(picker.locator("option")).to_have_text(["选择模板填入说明", "已转交环卫"])
    picker.select_option(label="已转交环卫")
    expect(reviewer_page.locator("#id_note")).to_have_value("感谢上报，已转交街道环卫所，今天内清运。")
    assert not problems, problems
