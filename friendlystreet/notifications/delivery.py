"""Sending one delivery: the row is locked, sent at most once, and the outcome recorded on it.

A transient failure (the SMS provider or the mail server is unreachable, a 4xx SMTP answer,
`SmsError(transient=True)`) leaves the row `queued` with the error and the time of the next
try, and the task retries after an exponential back-off with jitter; after
NOTIFICATIONS_MAX_ATTEMPTS tries, or at once for a permanent failure, the row is `failed`
and shows up on the staff page of failed deliveries.
"""

from __future__ import annotations

import logging
import random
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from friendlystreet.sms import send_sms
from friendlystreet.sms.backends import SmsError

from . import conf, kinds
from .models import Delivery

logger = logging.getLogger(__name__)

# A retry may reach a worker a little before its recorded time (the clocks of two hosts).
SCHEDULE_SLACK = timedelta(seconds=5)


@dataclass(frozen=True)
class Outcome:
    status: str  # the row's status after this run; "missing" or "not_due" when nothing was tried
    retry_in: float | None = None  # seconds until the next try, when one is scheduled


def is_transient(exc: BaseException) -> bool:
    """Whether trying again later may help."""
    if isinstance(exc, SmsError):
        return exc.transient
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        # Every recipient refused with a 4xx code ("mailbox busy") is worth another try.
        return bool(exc.recipients) and all(400 <= code < 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPException):
        return False  # e.g. SMTPNotSupportedError: the server will not change its mind
    # Connection refused or reset, timeouts, DNS failures (socket errors are OSErrors).
    return isinstance(exc, OSError)


def retry_delay(attempts_made: int) -> float:
    """Seconds to wait after `attempts_made` tries: exponential, with "equal jitter" (half
    fixed, half random) so that a provider outage does not bring every retry back at once,
    and never longer than Redis keeps a message invisible (or it would run twice)."""
    ceiling = min(
        float(conf.get("NOTIFICATIONS_RETRY_MAX_SECONDS")),
        # A worker holds an ETA message unacknowledged from the moment it fetches it until it
        # has run it: the countdown plus the run must fit in the visibility timeout.
        conf.visibility_timeout() - float(getattr(settings, "CELERY_TASK_TIME_LIMIT", None) or 0) - 60,
    )
    ceiling = max(ceiling, 1.0)
    exponential = min(ceiling, float(conf.get("NOTIFICATIONS_RETRY_BASE_SECONDS")) * 2 ** max(attempts_made - 1, 0))
    return exponential / 2 + random.uniform(0, exponential / 2)


def deliver_once(delivery_id: int, *, honour_schedule: bool = True) -> Outcome:
    """Try to send a queued delivery once and record the outcome on the row.

    Idempotent: a row that is no longer `queued` is left alone, and the row lock makes a
    second worker handed the same id wait, then find it sent. With `honour_schedule`, a row
    whose next try is not due yet is left to the retry already scheduled for it (a duplicate
    task, e.g. one the sweep handed over while the worker was busy).
    """
    with transaction.atomic():
        # The lock is held while sending, so two workers can never both send this row. The
        # price is a transaction open for the length of one SMS/SMTP call (time-limited).
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return Outcome("missing")
        if delivery.status != Delivery.Status.QUEUED:
            return Outcome(delivery.status)
        now = timezone.now()
        if honour_schedule and delivery.next_attempt_at > now + SCHEDULE_SLACK:
            return Outcome("not_due")
        delivery.attempts += 1
        try:
            # A savepoint: a backend that fails half-way through a database write must not
            # break the transaction in which the failure is recorded.
            with transaction.atomic():
                _send(delivery)
        except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
            return _record_failure(delivery, exc, now)
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = now
        delivery.save(update_fields=["attempts", "status", "sent_at", "updated_at"])
        return Outcome(delivery.status)


def _send(delivery: Delivery) -> None:
    if delivery.channel == kinds.SMS:
        # The language the text was written in, kept on the row: the provider picks its template
        # by it. Not the recipient's language now, which they may have switched since (a retry).
        send_sms(delivery.address, delivery.text, language=delivery.language)
    else:
        subject, _sep, body = delivery.text.partition("\n\n")
        send_mail(subject, body, None, [delivery.address])


def _record_failure(delivery: Delivery, exc: Exception, now) -> Outcome:
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:1000]
    if is_transient(exc) and delivery.attempts < conf.get("NOTIFICATIONS_MAX_ATTEMPTS"):
        delay = retry_delay(delivery.attempts)
        delivery.next_attempt_at = now + timedelta(seconds=delay)
        delivery.save(update_fields=["attempts", "last_error", "next_attempt_at", "updated_at"])
        logger.info("delivery %s failed (attempt %s), retrying in %.1f s", delivery.pk, delivery.attempts, delay)
        return Outcome(delivery.status, retry_in=delay)
    delivery.status = Delivery.Status.FAILED
    delivery.save(update_fields=["attempts", "last_error", "status", "updated_at"])
    logger.warning("delivery %s failed for good after %s attempts: %s", delivery.pk, delivery.attempts, delivery.last_error)
    return Outcome(delivery.status)
