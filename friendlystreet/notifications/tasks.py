"""Celery tasks of notifications. They take IDs, load rows and call services; all are safe
to run twice."""

from __future__ import annotations

from celery import shared_task

from .delivery import deliver_once


# acks_late + reject_on_worker_lost: a worker that dies mid-task leaves the message in
# Redis for another worker (the task is idempotent, so at worst the row is tried again).
# max_retries=None: the row's `attempts` is the limit (NOTIFICATIONS_MAX_ATTEMPTS).
@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def deliver(self, delivery_id: int) -> str:
    """Send one queued delivery. Safe to run twice: a sent row is not sent again."""
    eager = bool(self.request.is_eager)
    outcome = deliver_once(delivery_id, honour_schedule=not eager)
    if outcome.retry_in is not None:
        # In-process (no broker, `make run`) there is nobody to wait for: try again at once,
        # up to the limit. A worker waits the back-off; the countdown is capped below the
        # Redis visibility timeout (delivery.retry_delay).
        raise self.retry(countdown=0 if eager else outcome.retry_in)
    return outcome.status


@shared_task
def sweep_deliveries() -> int:
    """Every few minutes: hand over again the queued deliveries whose task was lost."""
    from .services import deliveries_sweep

    return deliveries_sweep()


@shared_task
def send_reviewer_digest() -> int:
    """08:30 Asia/Shanghai: the morning digest of pending work for reviewers."""
    from .services import digest_send

    return digest_send()
