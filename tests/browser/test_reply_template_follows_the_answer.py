"""A reviewer answering a report picks 已受理's template, then changes their mind and chooses
"Rejected": the accepted template's words leave the note with the answer they were for. Before,
they stayed, so the rejection's required reason was already "filled in" and the reporter could
read "your report is accepted" on a refused report. Words the reviewer typed or changed stay."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import sign_in
from tests.factories import ReviewerFactory, RiderFactory
from volunteers.models import ReplyTemplate, Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCEPTED = "已受理，已转环卫作业公司，一般24小时内清运。"


@pytest.fixture
def report_page(live_server, browser):
    reviewer = ReviewerFactory()
    report = Report.objects.create(
        reporter=RiderFactory(), category="sanitation", description="绿化带里堆了装修垃圾", address="静康路路口"
    )
    ReplyTemplate.objects.create(category="sanitation", status="accepted", title="已转环卫", text=ACCEPTED)
    ReplyTemplate.objects.create(category="", status="rejected", title="现场未发现", text="现场核实未发现所述问题。")
    page = browser.new_context(viewport={"width": 360, "height": 800}, locale="en-GB").new_page()
    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/staff/reports/{report.pk}/")
    return page, report


def test_the_accepted_template_leaves_the_note_when_the_reviewer_rejects_instead(report_page):
    page, report = report_page
    page.get_by_test_id("move-accepted").check()
    page.locator("#reply-template").select_option(label="已转环卫")
    expect(page.locator("#id_note")).to_have_value(ACCEPTED)

    page.get_by_test_id("move-rejected").check()
    expect(page.locator("#id_note")).to_have_value("")
    # The reason is asked for, not taken from the other answer's template.
    page.once("dialog", lambda dialog: dialog.accept())  # "Rejected" is final: the page asks first
    page.locator("#transition-submit").click()
    assert page.locator("#id_note").evaluate("el => el.validity.valueMissing")
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_words_the_reviewer_changed_stay_when_they_choose_another_answer(report_page):
    page, _ = report_page
    page.get_by_test_id("move-accepted").check()
    page.locator("#reply-template").select_option(label="已转环卫")
    page.locator("#id_note").fill(ACCEPTED + "明早复查。")

    page.get_by_test_id("move-rejected").check()
    expect(page.locator("#id_note")).to_have_value(ACCEPTED + "明早复查。")
