"""On a 360 px phone, from the accounts review: a street admin makes a rider street admin only
after confirming with a reason, and deactivates an account with a reason; the rider's grouped
notification settings and the deletion page never scroll sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from friendlystreet.accounts import roles
from friendlystreet.accounts.models import User
from friendlystreet.audit.models import AuditEntry
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.browser.venue_pages import phone
from tests.factories import RiderFactory, StreetAdminFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_street_admin_confirms_a_new_street_admin_and_gives_a_reason_to_deactivate(live_server, browser):
    zhu = RiderFactory(display_name="朱丽", phone="+8613800000014")
    page = phone(browser)
    sign_in(page, live_server.url, StreetAdminFactory().username)

    page.goto(f"{live_server.url}/staff/users/{zhu.pk}/")
    page.get_by_label("街道管理员").check()
    page.get_by_role("button", name="保存角色").click()
    expect(page.get_by_text("确定将 朱* 138****0014 设为街道管理员吗？")).to_be_visible()
    assert no_sideways_scroll(page)
    assert set(User.objects.get(pk=zhu.pk).groups.values_list("name", flat=True)) == {roles.RIDER}

    page.get_by_label("原因（记入操作记录）", exact=True).fill("接任社区专干")
    page.get_by_role("button", name="确定设为街道管理员").click()
    expect(page.get_by_text("已保存朱*的角色。")).to_be_visible()
    assert roles.STREET_ADMIN in set(User.objects.get(pk=zhu.pk).groups.values_list("name", flat=True))

    page.get_by_label("停用原因（记入操作记录）").fill("本人要求停用")
    page.once("dialog", lambda dialog: dialog.accept())  # 确定停用此账号吗？
    page.get_by_role("button", name="停用账号").click()
    expect(page.get_by_test_id("account-state")).to_contain_text("已停用")
    assert no_sideways_scroll(page)
    assert AuditEntry.objects.get(action="accounts.user_deactivated").data["reason"] == "本人要求停用"


def test_the_riders_settings_and_deletion_pages_fit_a_phone(live_server, browser):
    rider = RiderFactory(display_name="张小骑")
    page = phone(browser)
    sign_in(page, live_server.url, rider.username)

    page.goto(f"{live_server.url}/notifications/settings/")
    expect(page.get_by_text("账号安全通知，始终发送").first).to_be_visible()
    expect(page.locator('input[name="privacy_deletion_scheduled__sms"]')).to_be_disabled()
    assert no_sideways_scroll(page)

    page.goto(f"{live_server.url}/profile/delete/")
    expect(page.get_by_text("注销后积分清零、兑换券作废，无法恢复，也不能转给他人。")).to_be_visible()
    assert no_sideways_scroll(page)
