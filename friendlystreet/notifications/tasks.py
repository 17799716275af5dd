from __future__ import annotations

from celery import shared_task

from .delivery import deliver_once


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliver(delivery_id: int) -> str:
    """Send one queued delivery. Safe to run twice: a sent row is not sent again."""
    return deliver_once(delivery_id)
