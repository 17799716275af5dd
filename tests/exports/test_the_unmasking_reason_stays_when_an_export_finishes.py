"""Month end with a worker: a street admin's ledger export is being prepared while they choose
the next one, names unmasked for a reason. When the first is done its download link shows in
the list and a line says so, and the form stays as it is: the reason chosen, and the date
field being typed in. Before, the page was loaded again by GET, which carries the ledger,
format and days but not the reason (each unmasking is asked for anew): the reason went back
to 'masked' under the admin's hands."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from friendlystreet.ledgers.models import Export
from friendlystreet.privacy.access import REASONS
from tests.browser.steps import sign_in
from tests.exports.test_a_finished_export_keeps_the_next_choice import finish
from tests.factories import StreetAdminFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOVEMBER = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}


def test_the_reason_being_chosen_stays_when_the_first_export_is_done(live_server, page: Page):
    admin = StreetAdminFactory()
    pending = Export.objects.create(owner=admin, kind="ledger", format="xlsx", status="running", progress=40, **NOVEMBER)
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/staff/exports/")
    reason = REASONS[0][0]

    page.select_option("#id_kind", "claims")
    page.select_option("#id_reason", reason)
    page.locator("#id_start").focus()
    finish(pending)

    expect(page.locator(f"tr[data-id='{pending.pk}']").get_by_test_id("export-download")).to_be_visible()
    expect(page.locator("#id_reason")).to_have_value(reason)
    expect(page.locator("#export-news")).to_have_text("台账已生成，请在下方下载。")
    expect(page.locator("#id_kind")).to_have_value("claims")
    expect(page.locator("#id_start")).to_be_focused()


def test_a_failed_export_is_told_and_the_next_one_still_followed(live_server, page: Page):
    admin = StreetAdminFactory()
    failing = Export.objects.create(owner=admin, kind="ledger", format="xlsx", status="running", **NOVEMBER)
    later = Export.objects.create(owner=admin, kind="claims", format="csv", status="queued", **NOVEMBER)
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/staff/exports/")
    page.select_option("#id_reason", REASONS[0][0])

    Export.objects.filter(pk=failing.pk).update(status="failed", failure="error")
    expect(page.locator(f"tr[data-id='{failing.pk}']").get_by_test_id("export-failure")).to_be_visible()
    expect(page.locator("#export-news")).to_have_text("有一项台账未能生成，原因见下方。")

    finish(later)
    expect(page.locator(f"tr[data-id='{later.pk}']").get_by_test_id("export-download")).to_be_visible()
    expect(page.locator("#export-news")).to_have_text("台账已生成，请在下方下载。")
    expect(page.locator("#id_reason")).to_have_value(REASONS[0][0])
