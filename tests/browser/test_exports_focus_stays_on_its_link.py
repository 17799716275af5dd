"""A street admin works the exports page with the keyboard: Tab to an earlier export's download
link, and meanwhile the running export is done and the list is put in place of the old one
(static/js/exports.js). The focus stays on that download link; before, it fell back to the top
of the page and the admin had to Tab through the menu and the form again. When the focused
link has left the list (its file expired), the focus goes to the next export's link."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from friendlystreet.ledgers.models import Export
from tests.browser.steps import sign_in
from tests.exports.test_a_finished_export_keeps_the_next_choice import finish
from tests.factories import StreetAdminFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOVEMBER = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}


def done(admin, kind: str) -> Export:
    export = Export.objects.create(owner=admin, kind=kind, format="xlsx", status="running", **NOVEMBER)
    finish(export)
    return export


def tab_to(page: Page, link) -> None:
    """Tab from the top of the page until the link has the focus, as a keyboard does."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError("the link was never reached with Tab")


def download(page: Page, export: Export):
    return page.locator(f"tr[data-id='{export.pk}']").get_by_test_id("export-download")


def test_the_focused_download_link_keeps_the_focus_when_another_export_is_done(live_server, page: Page):
    admin = StreetAdminFactory()
    older = done(admin, "claims")
    earlier = done(admin, "ledger")
    pending = Export.objects.create(owner=admin, kind="ledger", format="csv", status="running", progress=40, **NOVEMBER)
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/staff/exports/")
    expect(download(page, earlier)).to_be_visible()
    tab_to(page, download(page, earlier))

    finish(pending)

    expect(download(page, pending)).to_be_visible()
    expect(page.locator("#export-news")).to_have_text("台账已生成，请在下方下载。")
    expect(download(page, earlier)).to_be_focused()
    # The same link: Enter downloads that export's file.
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"/staff/exports/{earlier.pk}/download/"
    expect(download(page, older)).not_to_be_focused()


def test_when_the_focused_link_has_left_the_list_the_next_exports_link_has_the_focus(live_server, page: Page):
    admin = StreetAdminFactory()
    older = done(admin, "claims")
    earlier = done(admin, "ledger")
    pending = Export.objects.create(owner=admin, kind="ledger", format="csv", status="running", progress=40, **NOVEMBER)
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/staff/exports/")
    tab_to(page, download(page, earlier))

    Export.objects.filter(pk=earlier.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    finish(pending)

    expect(download(page, pending)).to_be_visible()
    expect(page.locator(f"tr[data-id='{earlier.pk}']")).to_have_count(0)
    expect(download(page, older)).to_be_focused()
