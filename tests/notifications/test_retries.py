"""Delivery failures: transient ones are retried with back-off, permanent ones fail at once,
and the row always tells what happened. In-process here (no broker: the `make run`
default, where a retry runs at once); test_worker.py does the same on a real worker."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from friendlystreet.notifications import kinds
from friendlystreet.notifications.delivery import deliver_once, is_transient, retry_delay
from friendlystreet.notifications.models import Delivery
from friendlystreet.notifications.services import notify
from friendlystreet.notifications.tasks import deliver
from friendlystreet.sms.backends import SmsError
from friendlystreet.sms.models import OutboxMessage

pytestmark = pytest.mark.django_db

kinds.register(
    kinds.Kind(
        code="test_retry_sms",
        label="Test",
        title="Voucher expires tomorrow",
        body="Your voucher expires tomorrow.",
        default_channels=(kinds.IN_APP, kinds.SMS),
    )
)
kinds.register(
    kinds.Kind(
        code="test_retry_email",
        label="Test",
        title="Activity moved",
        body="The activity moved to Saturday.",
        default_channels=(kinds.IN_APP, kinds.EMAIL),
    )
)
kinds.register(kinds.Kind(code="test_in_app_only_for_retries", label="Test", title="t", body="b"))


@pytest.fixture
def backend(settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4

    def use(name: str) -> None:
        settings.SMS_BACKEND = f"tests.notifications.backends.{name}"

    return use


@pytest.fixture
def notify_committed(django_capture_on_commit_callbacks):
    """notify() in an action that commits; the test's own transaction never commits, so
    the hooks a commit runs (the delivery task, in-process) are run by hand."""

    def run(user, kind="test_retry_sms") -> Delivery:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            notification = notify(user, kind, {})
        return notification.deliveries.get()

    return run


def test_provider_failing_twice_then_working_is_sent_after_retries(backend, rider, notify_committed):
    backend("FailTwiceThenSend")
    delivery = notify_committed(rider)
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert delivery.attempts == 3
    assert delivery.sent_at is not None
    assert "provider timed out" in delivery.last_error
    assert OutboxMessage.objects.filter(phone=rider.phone).count() == 1


def test_provider_always_down_ends_failed_with_the_error_after_the_limit(backend, rider, notify_committed):
    backend("AlwaysDown")
    delivery = notify_committed(rider)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.attempts == 4
    assert delivery.last_error == "SmsError: provider unreachable"
    assert not OutboxMessage.objects.exists()


def test_connection_refused_counts_as_transient(backend, rider, notify_committed):
    backend("Unreachable")
    delivery = notify_committed(rider)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.attempts == 4
    assert "ConnectionRefusedError" in delivery.last_error


def test_number_refused_by_the_provider_fails_at_once(backend, rider, notify_committed):
    backend("RejectsNumber")
    delivery = notify_committed(rider)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.attempts == 1
    assert "not a mobile number" in delivery.last_error


def test_mail_server_dropping_the_connection_is_retried_and_the_mail_sent(settings, rider, notify_committed):
    settings.EMAIL_BACKEND = "tests.notifications.backends.SmtpDisconnectsTwice"
    rider.email = "rider@example.com"
    rider.save()
    delivery = notify_committed(rider, "test_retry_email")
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert delivery.attempts == 3
    assert [m.to for m in mail.outbox] == [["rider@example.com"]]
    assert mail.outbox[0].subject == "Activity moved"


def test_mailbox_that_does_not_exist_fails_at_once(settings, rider, notify_committed):
    settings.EMAIL_BACKEND = "tests.notifications.backends.SmtpNoSuchMailbox"
    rider.email = "nobody@example.com"
    rider.save()
    delivery = notify_committed(rider, "test_retry_email")
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.attempts == 1
    assert "SMTPRecipientsRefused" in delivery.last_error


def test_a_worker_retry_is_scheduled_and_a_duplicate_task_waits_for_it(backend, rider):
    """On a worker, a failure keeps the row queued until its next try; a second task for
    the same row that arrives early (say, from the sweep) does not jump the queue."""
    backend("FailTwiceThenSend")
    with transaction.atomic():
        # Written without the on-commit task, to drive the tries one by one.
        delivery = Delivery.objects.create(
            notification=notify(rider, "test_in_app_only_for_retries", {}), channel="sms", address=rider.phone, text="t"
        )

    outcome = deliver_once(delivery.id)
    delivery.refresh_from_db()
    assert outcome.status == "queued" and outcome.retry_in > 0
    assert delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now()

    assert deliver_once(delivery.id).status == "not_due"
    delivery.refresh_from_db()
    assert delivery.attempts == 1

    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert deliver_once(delivery.id).status == "queued"  # second failure
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert deliver_once(delivery.id).status == "sent"
    delivery.refresh_from_db()
    assert delivery.attempts == 3


def test_running_the_task_twice_sends_once(rider, notify_committed):
    delivery = notify_committed(rider)
    assert deliver.delay(delivery.id).get() == "sent"  # the second run finds it sent
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert OutboxMessage.objects.filter(phone=rider.phone).count() == 1


def test_a_task_for_a_deleted_delivery_does_nothing():
    assert deliver.delay(987654).get() == "missing"


@pytest.mark.parametrize(
    ("exc", "transient"),
    [
        (SmsError("busy"), True),
        (SmsError("bad number", transient=False), False),
        (ConnectionResetError(), True),
        (TimeoutError(), True),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPConnectError(421, b"try later"), True),
        (smtplib.SMTPDataError(451, b"local error"), True),
        (smtplib.SMTPDataError(554, b"rejected"), False),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
        (smtplib.SMTPRecipientsRefused({"a@example.com": (450, b"mailbox busy")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"no such user")}), False),
        (smtplib.SMTPNotSupportedError(), False),
        (ValueError("a bug in a backend"), False),
    ],
)
def test_which_failures_are_worth_another_try(exc, transient):
    assert is_transient(exc) is transient


def test_back_off_grows_has_jitter_and_stays_under_the_visibility_timeout(settings):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 30
    settings.NOTIFICATIONS_RETRY_MAX_SECONDS = 100_000
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    settings.CELERY_TASK_TIME_LIMIT = 120
    for attempts in range(1, 12):
        expected = min(30 * 2 ** (attempts - 1), 3600 - 120 - 60)
        delays = [retry_delay(attempts) for _ in range(50)]
        assert all(expected / 2 <= d <= expected for d in delays)
        assert len(set(delays)) > 1  # jitter: retries of one outage do not come back together
    assert max(retry_delay(30) for _ in range(50)) < 3600


def test_back_off_is_capped_by_the_configured_maximum(settings):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 30
    settings.NOTIFICATIONS_RETRY_MAX_SECONDS = 600
    assert all(retry_delay(20) <= 600 for _ in range(50))
    assert timedelta(seconds=retry_delay(1)) <= timedelta(seconds=30)
