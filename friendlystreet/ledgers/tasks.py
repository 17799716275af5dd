"""Celery tasks of exports. They take an id and call a service; both are safe to run twice."""

from __future__ import annotations

from celery import shared_task


# Longer limits than the project's default (2 minutes): a million-row ledger takes about a
# minute. The soft limit raises inside the export, which then fails cleanly.
@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def run_export(export_id: int) -> str:
    from .services import export_run

    return export_run(export_id=export_id)


@shared_task
def purge_exports() -> int:
    """Hourly: delete exports (and their files) older than 7 days."""
    from .services import exports_purge

    return exports_purge()
