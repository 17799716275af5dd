"""Celery tasks of data rights: each takes an id (or nothing), calls a service, and is safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(time_limit=15 * 60, soft_time_limit=12 * 60)
def build_export(export_id: int) -> str:
    from .services import export_build

    return export_build(export_id=export_id)


@shared_task
def run_due_deletions() -> int:
    from .services import deletions_run_due

    return deletions_run_due()


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def apply_retention() -> dict:
    from .services import retention_run

    return retention_run()
