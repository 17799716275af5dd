"""Two workers handed the same delivery at the same moment send it once (row lock).
PostgreSQL only: SQLite has no row locks to test."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from friendlystreet.notifications.delivery import deliver_once
from friendlystreet.notifications.models import Delivery, Notification
from friendlystreet.sms.models import OutboxMessage

pytestmark = pytest.mark.postgres


def test_two_workers_with_the_same_delivery_send_one_sms(postgres_db, settings, rider):
    settings.SMS_BACKEND = "tests.notifications.backends.SlowOutbox"
    n = Notification.objects.create(recipient=rider, kind="welcome", title="t")
    delivery = Delivery.objects.create(notification=n, channel="sms", address=rider.phone, text="hello")

    outcomes = []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            outcomes.append(deliver_once(delivery.id).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)

    assert sorted(outcomes) == ["sent", "sent"]  # the second found it sent
    assert OutboxMessage.objects.filter(phone=rider.phone).count() == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1
