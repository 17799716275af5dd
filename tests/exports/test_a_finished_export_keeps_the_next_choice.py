"""Month end with a worker: a street admin's ledger export is still being prepared, and they
fill in the form for the next one. When the first is done the page shows its download link;
before, it reloaded the address it was opened at, so the ledger, format and days being chosen
were put back to the page's first ones (and after a form sent back with a mistake, the
reload sent that form again, after the browser asked whether to)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from friendlystreet.ledgers.models import Export
from tests.browser.steps import sign_in
from tests.factories import StreetAdminFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOVEMBER = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}


def finish(export: Export) -> None:
    """The worker writes the file and marks it done."""
    export.file.save("ledger.xlsx", ContentFile(b"PK"), save=False)
    Export.objects.filter(pk=export.pk).update(status="done", progress=100, rows=12, file=export.file.name)


def test_the_next_export_being_chosen_stays_chosen_when_the_first_is_done(live_server, page: Page):
    admin = StreetAdminFactory()
    pending = Export.objects.create(owner=admin, kind="ledger", format="xlsx", status="running", progress=40, **NOVEMBER)
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/staff/exports/")

    page.select_option("#id_kind", "claims")
    page.select_option("#id_format", "csv")
    page.fill("#id_start", "2026-10-01")
    page.fill("#id_end", "2026-10-31")
    finish(pending)

    expect(page.locator(f"tr[data-id='{pending.pk}']").get_by_test_id("export-download")).to_be_visible()
    expect(page.locator("#id_kind")).to_have_value("claims")
    expect(page.locator("#id_format")).to_have_value("csv")
    expect(page.locator("#id_start")).to_have_value("2026-10-01")
    expect(page.locator("#id_end")).to_have_value("2026-10-31")


def test_after_a_mistake_the_finished_export_still_shows_its_link(live_server, page: Page):
    admin = StreetAdminFactory()
    pending = Export.objects.create(owner=admin, kind="ledger", format="xlsx", status="queued", **NOVEMBER)
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/staff/exports/")

    page.fill("#id_start", "2026-11-20")
    page.fill("#id_end", "2026-11-01")
    page.locator("#export-form button[type=submit]").click()
    expect(page.locator("#export-form")).to_contain_text("结束日期早于开始日期。")
    sent_again = []
    page.on("request", lambda request: sent_again.append(request.url) if request.method == "POST" else None)
    finish(pending)

    expect(page.locator(f"tr[data-id='{pending.pk}']").get_by_test_id("export-download")).to_be_visible()
    # The page came by GET (a browser asks before sending a form again), with the dates as they
    # were sent, to be put right.
    assert sent_again == []
    expect(page.locator("#id_start")).to_have_value("2026-11-20")
    assert Export.objects.filter(owner=admin).count() == 1
