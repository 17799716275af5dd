"""The periodic tasks: unused vouchers expire with a refund and a restock (once, however
often the task runs), and riders are reminded a day before (once)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from friendlystreet.notifications.models import Notification
from points import tasks
from points.models import LedgerEntry, Voucher
from points.rewards import services
from tests.points.rewards.factories import assert_ledger_adds_up, backdate, balance, issue

pytestmark = pytest.mark.django_db


def test_the_task_expires_unused_vouchers_past_their_validity_refunds_and_restocks(rich_rider, care_pack):
    old = backdate(issue(rich_rider, care_pack), days=31)
    fresh = issue(rich_rider, care_pack)

    assert tasks.expire_vouchers.delay().get() == 1

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == (Voucher.Status.EXPIRED, Voucher.Status.ISSUED)
    assert old.expired_at is not None
    assert balance(rich_rider) == 240
    care_pack.refresh_from_db()
    assert care_pack.stock == 4
    refund = LedgerEntry.objects.get(kind="refund")
    assert (refund.voucher, refund.amount) == (old, 60)
    notice = Notification.objects.get(recipient=rich_rider, kind="points_voucher_expired")
    assert notice.link == f"/vouchers/{old.code}/"  # the voucher's own page says it expired and was refunded
    assert_ledger_adds_up()


def test_running_the_task_twice_refunds_once(rich_rider, care_pack):
    voucher = backdate(issue(rich_rider, care_pack), days=31)

    assert services.vouchers_expire_due() == 1
    assert services.vouchers_expire_due() == 0
    assert services.voucher_expire(voucher_id=voucher.pk) is False

    assert LedgerEntry.objects.filter(voucher=voucher, kind="refund").count() == 1
    assert balance(rich_rider) == 300
    care_pack.refresh_from_db()
    assert care_pack.stock == 5


def test_used_and_cancelled_vouchers_are_left_alone(rich_rider, care_pack, merchant_b):
    used = issue(rich_rider, care_pack)
    services.voucher_confirm(operator=merchant_b, code=used.code)
    cancelled = issue(rich_rider, care_pack)
    services.voucher_cancel(rider=rich_rider, code=cancelled.code)
    backdate(used, days=31)
    backdate(cancelled, days=31)

    assert services.vouchers_expire_due() == 0
    assert LedgerEntry.objects.filter(kind="refund").count() == 1  # the cancel's
    assert balance(rich_rider) == 240


def test_a_cancel_after_the_expiry_refunds_nothing_more(rich_rider, care_pack, api_for):
    voucher = backdate(issue(rich_rider, care_pack), days=31)
    services.vouchers_expire_due()

    response = api_for(rich_rider).post(f"/api/v1/vouchers/{voucher.code}/cancel/")

    assert response.status_code == 409 and response.json()["status"] == "expired"
    assert LedgerEntry.objects.filter(kind="refund").count() == 1
    assert balance(rich_rider) == 300


def test_riders_are_reminded_once_a_day_before_a_voucher_expires(rich_rider, care_pack, haircut):
    soon = backdate(issue(rich_rider, care_pack), days=29.5)  # expires in 12 hours
    issue(rich_rider, haircut)  # a month left

    assert tasks.remind_vouchers.delay().get() == 1
    assert services.vouchers_remind_due() == 0

    notices = Notification.objects.filter(recipient=rich_rider, kind="points_voucher_expiring")
    assert notices.count() == 1
    assert notices.get().link == f"/vouchers/{soon.code}/"
    soon.refresh_from_db()
    assert soon.reminded_at is not None


def test_a_one_day_voucher_is_not_reminded_right_after_purchase(rich_rider, barber):
    from tests.points.rewards.factories import RewardFactory

    issue(rich_rider, RewardFactory(venue=barber, valid_days=1))
    assert services.vouchers_remind_due(now=timezone.now() + timedelta(hours=1)) == 0


def test_both_tasks_are_on_the_beat_schedule_after_migrate():
    PeriodicTask.objects.all().delete()
    call_command("migrate", verbosity=0)

    expire = PeriodicTask.objects.get(name="points.expire_vouchers")
    assert expire.enabled and expire.task == "points.tasks.expire_vouchers"
    assert expire.crontab.minute == "*/10"
    remind = PeriodicTask.objects.get(name="points.remind_vouchers")
    assert remind.task == "points.tasks.remind_vouchers"
    assert str(remind.crontab.timezone) == "Asia/Shanghai"
