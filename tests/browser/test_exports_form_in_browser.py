"""The export form in a browser, on a phone (staffdash #4, #14): choosing a ledger shows under
the select what it lists and by which date; 上月 fills in last month's days in place, keeping
the ledger chosen; after 导出 the form comes back with the same choices, and the message says
the file is ready when it is."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import ReviewerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_month_end_batch_on_a_phone(live_server, browser):
    reviewer = ReviewerFactory(display_name="审核员")
    page: Page = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN").new_page()
    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/staff/exports/")

    help_text = page.locator("#id_kind_helptext")
    expect(help_text).to_contain_text("按记账时间")
    page.select_option("#id_kind", "vouchers")
    expect(help_text).to_have_text(
        "所选日期内发放、使用、取消或过期的每张兑换券，各事件时间分列：按某列时间在所选日期内筛选，即得工作台上对应的兑换券数。"
    )

    first = timezone.localdate().replace(day=1)
    last_month_end = first - timedelta(days=1)
    page.get_by_test_id("export-preset").filter(has_text="上月").click()
    # Filled in place: the page did not reload, the ledger chosen stays.
    expect(page.locator("#id_start")).to_have_value(last_month_end.replace(day=1).isoformat())
    expect(page.locator("#id_end")).to_have_value(last_month_end.isoformat())
    expect(page.locator("#id_kind")).to_have_value("vouchers")
    assert no_sideways_scroll(page)

    page.select_option("#id_format", "csv")
    page.locator("#export-form button[type=submit]").click()

    # No broker: the file was written before the page answered, and the message says so.
    expect(page.locator("ul.messages")).to_contain_text("台账已生成，请在下方下载。")
    expect(page.get_by_test_id("export-download")).to_have_count(1)
    # The next ledger of the month is one change away.
    expect(page.locator("#id_kind")).to_have_value("vouchers")
    expect(page.locator("#id_format")).to_have_value("csv")
    expect(page.locator("#id_start")).to_have_value(last_month_end.replace(day=1).isoformat())
    expect(help_text).to_contain_text("发放、使用、取消或过期")
