"""Celery tasks of the volunteers app. Thin: they call a service, and are safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task
def remind_activities() -> int:
    """Every evening, once (18:00, setup._periodic_jobs): remind registered riders of tomorrow's
    activities, once per sign-up. A rider given a place at an activity today or tomorrow, or told it
    was moved to then, heard it is so soon in that notice, their reminder (services._soon)."""
    from .services import reminders_send

    return reminders_send()
