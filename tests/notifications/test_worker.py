"""A real Celery worker against the local Redis: what a deployment with `make worker` does.

These tests start `celery -A friendlystreet worker --pool=solo` as a subprocess on the
test's own PostgreSQL database and a Redis queue of their own (see conftest.py). They run
on the PostgreSQL run of .ci/run; on SQLite they are skipped.
"""

from __future__ import annotations

import time

import pytest
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from friendlystreet.notifications import kinds
from friendlystreet.notifications.models import Delivery, Notification
from friendlystreet.notifications.services import deliveries_sweep, notify
from friendlystreet.notifications.tasks import deliver
from friendlystreet.sms.models import OutboxMessage
from tests.notifications.conftest import celery_app_on

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

kinds.register(
    kinds.Kind(
        code="test_worker_sms",
        label=_("Test"),
        title="Claim %(n)s approved",
        body="Your claim %(n)s was approved.",
        default_channels=(kinds.IN_APP, kinds.SMS),
    )
)


def approve_claim(rider, n=1) -> Delivery:
    """Stands in for a feature's action: a write and a notification in one transaction."""
    with transaction.atomic():
        notification = notify(rider, "test_worker_sms", {"n": n})
    return notification.deliveries.get()


def test_an_action_puts_an_sms_in_the_outbox_within_seconds(celery_worker_factory, rider):
    worker = celery_worker_factory()
    started = time.monotonic()
    delivery = approve_claim(rider)

    message = worker.wait_for(lambda: OutboxMessage.objects.filter(phone=rider.phone).first(), what="the SMS")
    assert time.monotonic() - started < 10
    assert "Your claim 1 was approved." in message.text
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert delivery.attempts == 1


def test_running_the_delivery_task_twice_sends_once(celery_worker_factory, rider):
    worker = celery_worker_factory()
    delivery = approve_claim(rider)
    deliver.delay(delivery.id)  # the same id again, e.g. a redelivered message

    worker.wait_for(lambda: worker.log().count(" succeeded in ") >= 2, what="both task runs")
    assert OutboxMessage.objects.filter(phone=rider.phone).count() == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert delivery.attempts == 1


def test_a_provider_that_fails_twice_is_sent_after_two_retries(celery_worker_factory, rider):
    worker = celery_worker_factory(sms_backend="tests.notifications.backends.FailTwiceThenSend")
    delivery = approve_claim(rider)

    worker.wait_for(lambda: Delivery.objects.filter(pk=delivery.pk, status="sent").exists(), timeout=20, what="the retries")
    delivery.refresh_from_db()
    assert delivery.attempts == 3
    assert "provider timed out" in delivery.last_error  # the last failure stays visible
    assert OutboxMessage.objects.filter(phone=rider.phone).count() == 1
    assert worker.log().count(" retry: ") == 2


def test_a_provider_that_is_always_down_ends_failed_with_the_error(celery_worker_factory, rider):
    worker = celery_worker_factory(sms_backend="tests.notifications.backends.AlwaysDown")
    delivery = approve_claim(rider)

    worker.wait_for(lambda: Delivery.objects.filter(pk=delivery.pk, status="failed").exists(), timeout=20, what="the last retry")
    delivery.refresh_from_db()
    assert delivery.attempts == 3  # NOTIFICATIONS_MAX_ATTEMPTS in worker_settings.py
    assert delivery.last_error == "SmsError: provider unreachable"
    assert not OutboxMessage.objects.exists()


def test_redis_down_at_commit_then_the_sweep_delivers_exactly_once(celery_worker_factory, rider, free_port):
    # Redis is down when the rider's claim is approved: the approval still commits.
    with celery_app_on(f"redis://127.0.0.1:{free_port}/0"):
        started = time.monotonic()
        delivery = approve_claim(rider)
        assert time.monotonic() - started < 5
    assert Notification.objects.filter(recipient=rider).count() == 1
    delivery.refresh_from_db()
    assert delivery.status == "queued"
    assert delivery.attempts == 0

    # Redis is back, a worker runs; the periodic sweep (run a few minutes later) hands the
    # row over again, twice here, as two sweeps in a row would.
    worker = celery_worker_factory()
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=delivery.next_attempt_at - _minutes(10))
    assert deliveries_sweep() == 1
    worker.wait_for(lambda: Delivery.objects.filter(pk=delivery.pk, status="sent").exists(), what="the SMS")
    assert deliveries_sweep() == 0
    time.sleep(0.5)
    assert OutboxMessage.objects.filter(phone=rider.phone).count() == 1


def _minutes(n):
    from datetime import timedelta

    return timedelta(minutes=n)
