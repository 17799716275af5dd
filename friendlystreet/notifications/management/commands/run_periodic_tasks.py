"""`manage.py run_periodic_tasks`: run the periodic tasks that are due, in this process.

What Celery beat does, for one machine without a broker (README, "Background work"): there,
every task already runs in-process, but nothing runs the periodic ones (every app's: voucher
expiry and reminders, the reviewers' digest, the delivery sweep, deletions…), so an expired
voucher was never refunded and nobody was reminded of one. `make run` starts this beside
runserver. With CELERY_BROKER_URL set it refuses: run exactly one beat (`make beat`) instead.
It lives here, beside sync_periodic_tasks, with the schedule it reads.

The schedule is beat's own: the PeriodicTask rows that sync_periodic_tasks() writes from the
jobs registered in code (friendlystreet/notifications/schedule.py), read through
django-celery-beat's ModelEntry, so "due" means what it means to beat (each crontab in its
time zone, a job paused in the admin, one-off and expiring rows). Each due job runs the
same task beat would send, with task.apply() (in this process). It is claimed first with a
compare-and-set on its `last_run_at`, so two runners on one database run it once.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.db.models import F
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import ModelEntry

from friendlystreet.celery import app
from friendlystreet.notifications.schedule import sync_periodic_tasks

log = logging.getLogger(__name__)

EVERY_SECONDS = 15  # the finest schedule is a crontab minute; a job runs at most this late


def run_due() -> list[tuple[str, bool]]:
    """Run every enabled periodic task that is due now; (name, succeeded) of each one run."""
    ran = []
    for row in PeriodicTask.objects.filter(enabled=True).order_by("name"):
        seen = row.last_run_at  # ModelEntry fills in a missing one (as beat does: not due at once)
        entry = ModelEntry(row, app=app)
        if not entry.is_due().is_due:
            continue
        claimed = PeriodicTask.objects.filter(pk=row.pk, last_run_at=seen).update(
            last_run_at=timezone.now(), total_run_count=F("total_run_count") + 1
        )
        if not claimed:
            continue  # another runner took it
        task = app.tasks.get(row.task)
        if task is None:
            log.error("periodic task %s: no task named %s", row.name, row.task)
            ran.append((row.name, False))
            continue
        result = task.apply(args=entry.args, kwargs=entry.kwargs)
        if result.failed():
            log.error("periodic task %s failed: %r", row.name, result.result)
        ran.append((row.name, not result.failed()))
    return ran


class Command(BaseCommand):
    help = "Without a broker: run the periodic tasks that are due, in this process (once, or every few seconds)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due now, then stop.")
        parser.add_argument("--every", type=int, default=EVERY_SECONDS, help="Seconds between two looks at the schedule.")

    def handle(self, *args, once: bool = False, every: int = EVERY_SECONDS, **options):
        if settings.CELERY_BROKER_URL:
            raise CommandError("CELERY_BROKER_URL is set: run exactly one Celery beat (make beat) instead.")
        if every < 1:
            raise CommandError("--every is at least 1 second.")
        sync_periodic_tasks()  # the schedule as the code registers it (idempotent; migrate does the same)
        app.loader.import_default_modules()  # every app's tasks, as a worker finds them when it starts
        while True:
            for name, ok in run_due():
                self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} {name}: {'done' if ok else 'FAILED'}")
            self.stdout.flush()  # a log file (not a terminal) sees each run as it happens
            if once:
                return
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
            # A connection kept across sleeps may have been dropped by the server: before the
            # next look, as a worker does between tasks (not before the first: it is new).
            close_old_connections()
