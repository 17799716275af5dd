"""Celery tasks of the volunteers app. Thin: they call a service, and are safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task
def remind_activities() -> int:
    """Every evening: remind registered riders of tomorrow's activities (once per sign-up)."""
    from .services import reminders_send

    return reminders_send()
