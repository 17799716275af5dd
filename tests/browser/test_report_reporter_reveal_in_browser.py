"""A street admin on a phone, in Chinese, triages a neighbourhood report: opens it, accepts it,
the page comes back, reloads it. The reporter's phone stays masked and the audit trail holds
the decision, no "viewed personal data" entry. To call the reporter, the admin presses the
secondary 显示完整姓名和手机号 under the masked phone: the full number is on the page that comes
back, a tap calls it, one entry is written (处理投诉或线索), and 返回 leads back to the report,
masked again. Before, every load showed the full phone and wrote one entry."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from friendlystreet.audit.models import AuditEntry
from friendlystreet.privacy.access import PERSONAL_DATA_VIEWED
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory, StreetAdminFactory
from volunteers.models import Report
from volunteers.reports.services import report_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def access_entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=PERSONAL_DATA_VIEWED))


def test_a_street_admin_accepts_a_report_without_a_trace_and_reveals_the_phone_once(live_server, browser):
    admin = StreetAdminFactory()
    reporter = RiderFactory(display_name="张小骑", phone="+8613912345678")
    report = report_submit(
        rider=reporter, category="sanitation", description="消防通道旁堆满了装修垃圾", address="成龙路168号"
    ).report
    page = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN").new_page()
    sign_in(page, live_server.url, admin.username)
    url = f"{live_server.url}/staff/reports/{report.pk}/"

    page.goto(url)
    expect(page.get_by_test_id("reporter-phone")).to_have_text("139****5678")
    page.get_by_test_id("move-accepted").check()
    page.locator("#id_note").fill("已受理，明天去现场看。")
    page.locator("#transition-submit").click()
    expect(page.get_by_test_id("report-state")).to_have_text("已受理")
    page.reload()
    expect(page.get_by_test_id("reporter-phone")).to_have_text("139****5678")
    assert "139\u00a01234\u00a05678" not in page.content()
    assert access_entries() == []
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED

    reveal = page.get_by_test_id("reveal-reporter")
    expect(reveal).to_contain_text("（将记入操作记录，原因：处理投诉或线索）")
    assert no_sideways_scroll(page)
    reveal.get_by_role("button", name="显示完整姓名和手机号").click()

    phone = page.get_by_test_id("rider-phone")
    expect(phone).to_have_text("139\u00a01234\u00a05678")
    expect(phone.locator("a")).to_have_attribute("href", "tel:+8613912345678")
    assert no_sideways_scroll(page)
    [entry] = access_entries()
    assert (entry.actor, entry.target_id, entry.data["purpose"]) == (admin, str(reporter.pk), "complaint")

    page.get_by_role("link", name="← 返回").click()
    expect(page).to_have_url(url)
    expect(page.get_by_test_id("reporter-phone")).to_have_text("139****5678")
    assert len(access_entries()) == 1
