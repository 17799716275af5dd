"""Celery tasks of the dashboard; safe to run twice (the record is a compare-and-set)."""

from __future__ import annotations

from celery import shared_task


@shared_task
def refresh_queues() -> int:
    """Every few minutes: count the queues for the badges and notify staff of new work."""
    from .queues import queues_refresh

    return len(queues_refresh())
