"""Without a broker (`make run`, one machine) nothing ran Celery beat's periodic tasks, so an
expired voucher never gave its points back and nobody was reminded of one. `manage.py
run_periodic_tasks` runs the due ones in-process from beat's own schedule; until it has, the
rider's page says the points are on their way, and the voucher can no longer be cancelled.
The runner itself (its schedule, paused jobs, the broker) is tested with its command, in
tests/notifications/test_run_periodic_tasks.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from points.models import LedgerEntry, Voucher
from tests.html import text_of
from tests.notifications.periodic import last_ran, run_periodic
from tests.points.rewards.factories import assert_ledger_adds_up, backdate, balance, issue

pytestmark = pytest.mark.django_db


def test_an_expired_voucher_says_its_points_come_back_then_the_runner_refunds_it(
    rich_rider, care_pack, client_for, api_for, capsys
):
    voucher = backdate(issue(rich_rider, care_pack), days=31)
    client = client_for(rich_rider)

    page = client.get(f"/vouchers/{voucher.code}/").content.decode()
    assert text_of(page, "voucher-status") == "已过期"
    assert "60 积分将在几分钟内自动退回" in text_of(page, "voucher-refund")
    assert 'data-testid="cancel-voucher"' not in page and 'data-testid="voucher-qr"' not in page
    listed = client.get("/vouchers/").content.decode()
    assert "到期前可以取消" in text_of(listed, "vouchers-intro") and "过期未使用的，积分会自动退回" in listed
    assert text_of(listed, "refund-pending") == "积分即将退回"
    # The app cannot cancel it either: the expiry refunds it, once.
    refused = api_for(rich_rider).post(f"/api/v1/vouchers/{voucher.code}/cancel/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 409
    assert refused.json()["code"] == "voucher_not_cancellable" and refused.json()["status"] == "expired"
    assert "自动退回" in refused.json()["message"]
    assert balance(rich_rider) == 240

    last_ran("points.expire_vouchers", timedelta(minutes=11))  # */10: due
    out = run_periodic(capsys)

    assert "points.expire_vouchers: done" in out
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.EXPIRED
    assert balance(rich_rider) == 300
    assert LedgerEntry.objects.filter(voucher=voucher, kind="refund").count() == 1
    assert Notification.objects.filter(recipient=rich_rider, kind="points_voucher_expired").count() == 1
    page = client.get(f"/vouchers/{voucher.code}/").content.decode()
    assert "60 积分已退回您的账户" in text_of(page, "voucher-refund")
    assert text_of(page, "expired-at") == timezone.localtime(voucher.expired_at).strftime("%Y-%m-%d %H:%M")
    assert 'data-testid="refund-pending"' not in client.get("/vouchers/").content.decode()
    assert_ledger_adds_up()


def test_the_runner_reminds_a_rider_of_a_voucher_that_expires_tomorrow(rich_rider, care_pack, capsys):
    soon = backdate(issue(rich_rider, care_pack), days=29.5)  # 12 hours left
    last_ran("points.remind_vouchers", timedelta(days=2))  # a run was due since

    assert "points.remind_vouchers: done" in run_periodic(capsys)

    notice = Notification.objects.get(recipient=rich_rider, kind="points_voucher_expiring")
    assert notice.link == f"/vouchers/{soon.code}/"
