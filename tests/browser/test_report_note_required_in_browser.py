"""In a real browser: a reviewer closing a report as 已办结 is asked, before anything is sent,
for what was done (the reporter and the public read it); moving it to 处理中 needs no note.
The server refuses a resolution without a note as well (services.report_transition)."""

from __future__ import annotations

import pytest

from tests.browser.steps import sign_in
from tests.factories import ReviewerFactory, RiderFactory
from volunteers.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resolving_asks_for_what_was_done_before_sending(live_server, browser):
    reviewer = ReviewerFactory(display_name="王社工")
    report = Report.objects.create(
        reporter=RiderFactory(), category="public_facility", description="井盖松动", address="成龙路168号", status="accepted"
    )
    page = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN").new_page()
    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/staff/reports/{report.pk}/")

    page.get_by_test_id("move-resolved").check()
    assert page.locator("#id_note").evaluate("el => el.required") is True
    page.get_by_test_id("move-in_progress").check()
    assert page.locator("#id_note").evaluate("el => el.required") is False
    page.get_by_test_id("move-resolved").check()
    page.locator("#id_note").fill("已更换井盖")
    assert page.locator("#id_note").evaluate("el => el.checkValidity()") is True
    report.refresh_from_db()
    assert report.status == "accepted"  # nothing sent yet
