"""/staff/exports/ on a phone (360 px), as a street admin follows a month-end batch: a queued
export's bar waits to start, a running one shows how far it got and turns into a download
link with how long the file is kept, and a failed one says why, in Chinese, with 重新导出
filling the form in again. Nothing runs off the side of the screen."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from friendlystreet.ledgers.models import Export
from tests.browser.steps import sign_in
from tests.factories import StreetAdminFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOVEMBER = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}


def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def fits(page: Page, width: int = 360) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for box in page.locator("#exports tr[data-testid=export]").evaluate_all(
        "rows => rows.map(r => r.getBoundingClientRect().right)"
    ):
        assert box <= width


def test_a_street_admin_follows_exports_on_a_phone(live_server, browser, tmp_path):
    admin = StreetAdminFactory(display_name="街道管理员")
    failed = Export.objects.create(
        owner=admin, kind="vouchers", format="csv", status="failed", failure="error", error="RuntimeError: x", **NOVEMBER
    )
    slow = Export.objects.create(
        owner=admin,
        kind="ledger",
        format="xlsx",
        status="failed",
        failure="too_long",
        error="SoftTimeLimitExceeded()",
        **NOVEMBER,
    )
    pending = Export.objects.create(owner=admin, kind="claims", format="xlsx", status="queued", **NOVEMBER)
    page: Page = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN").new_page()
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/staff/exports/")

    # Queued: the bar waits, and says so.
    row = page.locator(f"tr[data-id='{pending.pk}']")
    expect(row.get_by_test_id("export-status")).to_have_text("排队中")
    expect(row.get_by_test_id("export-percent")).to_have_text("等待开始")
    expect(row.get_by_test_id("export-rows")).to_have_text("—")
    # The status and its bar stay in the value column, beside their label (not under it).
    label_right = row.locator("td[data-label='状态']").evaluate(
        "td => td.getBoundingClientRect().left + parseFloat(getComputedStyle(td, '::before').width)"
    )
    assert row.get_by_test_id("export-progress").bounding_box()["x"] >= label_right

    # Failed: why, in Chinese, and what to do; the technical detail is not shown.
    first = page.locator(f"tr[data-id='{failed.pk}']")
    expect(first.get_by_test_id("export-failure")).to_have_text("生成文件时出错，请重新导出。")
    expect(first).to_contain_text(f"如果再次失败，请告知系统管理员：导出编号 {failed.pk}。")
    expect(page.locator("#exports")).not_to_contain_text("RuntimeError")
    second = page.locator(f"tr[data-id='{slow.pk}']")
    expect(second.get_by_test_id("export-failure")).to_have_text("导出耗时过长，已被中止。请缩短日期范围后重新导出。")
    fits(page)
    page.screenshot(path=str(shots(tmp_path) / "exports-states-360.png"), full_page=True)

    # It starts: the page's polling shows how far it got, without a reload.
    Export.objects.filter(pk=pending.pk).update(status="running", progress=40, rows=4000, started_at=timezone.now())
    expect(row.get_by_test_id("export-percent")).to_have_text("40%")
    expect(row.get_by_test_id("export-status")).to_have_text("生成中")
    expect(row.get_by_test_id("export-rows")).to_have_text("4000")
    assert row.get_by_test_id("export-progress").evaluate("bar => bar.value") == 40

    # It is done: the page reloads to the download link and how long the file is kept.
    done = Export.objects.get(pk=pending.pk)
    done.file.save("x.xlsx", ContentFile(b"PK"), save=False)
    Export.objects.filter(pk=pending.pk).update(status="done", progress=100, rows=4321, file=done.file.name)
    link = row.get_by_test_id("export-download")
    expect(link).to_be_visible()
    kept = (timezone.localtime(done.expires_at)).date()
    assert kept == timezone.localdate() + timedelta(days=7)
    expect(row.get_by_test_id("export-kept")).to_have_text(f"保留至 {kept.isoformat()}")
    expect(page.locator("main")).to_contain_text("文件保留 7 天")
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["height"] >= 44
    fits(page)

    # 重新导出 of the failed one: the form comes back filled in with its ledger, format and days.
    first.get_by_test_id("export-again").click()
    expect(page.locator("#id_kind")).to_have_value("vouchers")
    expect(page.locator("#id_format")).to_have_value("csv")
    expect(page.locator("#id_start")).to_have_value("2026-11-01")
    expect(page.locator("#id_end")).to_have_value("2026-11-30")
    page.screenshot(path=str(shots(tmp_path) / "exports-again-360.png"))

    # On a desk: the table it is in the markup, every row's last cell within the screen.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    expect(page.locator("#exports thead")).to_be_visible()
    fits(page, 1280)
    page.screenshot(path=str(shots(tmp_path) / "exports-1280.png"), full_page=True)
