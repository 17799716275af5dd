"""Redis down when an action commits: the action succeeds, its rows wait as `queued`, and
the periodic sweep delivers them once the broker is back: none lost, none sent twice."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from friendlystreet.notifications import kinds
from friendlystreet.notifications.models import Delivery, Notification
from friendlystreet.notifications.services import deliveries_sweep, notify
from friendlystreet.notifications.tasks import sweep_deliveries
from friendlystreet.sms.models import OutboxMessage
from tests.notifications.conftest import celery_app_on

pytestmark = pytest.mark.django_db(transaction=True)

kinds.register(
    kinds.Kind(
        code="test_broker_down",
        label="Test",
        title="Report accepted",
        body="Your report was accepted.",
        default_channels=(kinds.IN_APP, kinds.SMS),
    )
)


def accept_report(rider) -> Delivery:
    with transaction.atomic():
        notification = notify(rider, "test_broker_down", {})
    return notification.deliveries.get()


def test_action_succeeds_with_redis_down_and_the_sweep_delivers_later_exactly_once(rider, free_port):
    with celery_app_on(f"redis://127.0.0.1:{free_port}/0"):
        started = time.monotonic()
        delivery = accept_report(rider)  # no exception: the rider's action is done
        assert time.monotonic() - started < 5  # and it did not hang on the broker
    assert Notification.objects.filter(recipient=rider).count() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("queued", 0)
    assert not OutboxMessage.objects.exists()

    # Too early: the task may just be slow, the sweep leaves the row alone.
    assert deliveries_sweep() == 0

    # A few minutes later the broker is back (here: in-process) and the sweep runs.
    later = timezone.now() + timedelta(minutes=10)
    assert deliveries_sweep(now=later) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 1)

    # The next sweeps find nothing to do; the SMS went out once.
    assert deliveries_sweep(now=later + timedelta(minutes=10)) == 0
    assert sweep_deliveries.delay().get() == 0
    assert OutboxMessage.objects.filter(phone=rider.phone).count() == 1


def test_sweep_leaves_a_row_waiting_for_its_scheduled_retry(rider, settings):
    settings.SMS_BACKEND = "tests.notifications.backends.AlwaysDown"
    with celery_app_on("redis://127.0.0.1:1/0"):
        delivery = accept_report(rider)
    Delivery.objects.filter(pk=delivery.pk).update(attempts=1, next_attempt_at=timezone.now() + timedelta(minutes=8))
    assert deliveries_sweep(now=timezone.now() + timedelta(minutes=10)) == 0


def test_sweep_does_not_touch_sent_failed_or_skipped_rows(rider):
    delivery = accept_report(rider)  # in-process: sent at once
    old = timezone.now() - timedelta(hours=1)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=old)
    notification = Notification.objects.create(recipient=rider, kind="test_broker_down", title="t")
    Delivery.objects.create(notification=notification, channel="sms", status="failed", next_attempt_at=old)
    Delivery.objects.create(notification=notification, channel="email", status="skipped", next_attempt_at=old)
    assert deliveries_sweep() == 0
    assert OutboxMessage.objects.count() == 1
