"""Periodic tasks registered in code, so that every deployment has them.

Celery beat runs with django-celery-beat's DatabaseScheduler: the schedule lives in the
database (PeriodicTask rows, visible and pausable in the Django admin). Code is the source
of truth for *what* runs *when*: each app registers its jobs in its AppConfig.ready(), and
`sync_periodic_tasks()` writes them to the database after every `manage.py migrate` (a
post_migrate handler of this app), so a fresh deployment gets them by running its
migrations. `manage.py sync_periodic_tasks` does the same by hand.

    from friendlystreet.notifications.schedule import PeriodicJob, register_periodic

    register_periodic(PeriodicJob(
        name="points.expire_vouchers",                 # unique; the row's name in the admin
        task="points.tasks.expire_vouchers",           # a registered Celery task
        crontab={"minute": "5", "hour": "0"},          # 00:05 every day, Asia/Shanghai
        description="Expire unused vouchers and refund their points",
    ))
    register_periodic(PeriodicJob(name="...", task="...", every_seconds=600))

A sync updates the task, schedule, arguments and description of each registered job (an
admin's change to those is undone by the next deployment) but keeps `enabled` as an admin
left it, so a job paused in the admin stays paused. A row registered earlier whose job is
no longer registered is disabled, not deleted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

CRONTAB_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")
# Rows written by sync_periodic_tasks() carry this prefix in their description.
MARKER = "[registered in code] "


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: str
    crontab: dict[str, str] | None = None  # missing fields are "*"; in settings.TIME_ZONE
    every_seconds: int | None = None
    kwargs: dict = field(default_factory=dict)
    description: str = ""
    # Drop a run that no worker picked up within this many seconds (a sweep backlog is
    # useless: the next sweep does the same work).
    expire_seconds: int | None = None


periodic_jobs: dict[str, PeriodicJob] = {}


def register_periodic(job: PeriodicJob) -> PeriodicJob:
    if (job.crontab is None) == (job.every_seconds is None):
        raise ValueError(f"periodic job {job.name!r} needs exactly one of crontab and every_seconds")
    if job.crontab and set(job.crontab) - set(CRONTAB_FIELDS):
        raise ValueError(f"periodic job {job.name!r}: unknown crontab fields {set(job.crontab) - set(CRONTAB_FIELDS)}")
    periodic_jobs[job.name] = job
    return job


@transaction.atomic
def sync_periodic_tasks() -> list[str]:
    """Write the registered jobs to django-celery-beat's tables. Idempotent; returns the
    names of the rows it created or changed."""
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    touched = []
    for job in periodic_jobs.values():
        wanted = {
            "task": job.task,
            "kwargs": json.dumps(job.kwargs, sort_keys=True),
            "description": MARKER + job.description,
            "expire_seconds": job.expire_seconds,
            "crontab": None,
            "interval": None,
        }
        if job.crontab is not None:
            cron = {f: str(job.crontab.get(f, "*")) for f in CRONTAB_FIELDS}
            wanted["crontab"], _created = CrontabSchedule.objects.get_or_create(**cron, timezone=ZoneInfo(settings.TIME_ZONE))
        else:
            wanted["interval"], _created = IntervalSchedule.objects.get_or_create(
                every=job.every_seconds, period=IntervalSchedule.SECONDS
            )
        row = PeriodicTask.objects.filter(name=job.name).first()
        if row is None:
            PeriodicTask.objects.create(name=job.name, enabled=True, **wanted)
            touched.append(job.name)
            continue
        changed = [k for k, v in wanted.items() if getattr(row, k) != v]
        if changed:
            for k in changed:
                setattr(row, k, wanted[k])
            row.save()  # save(), not update(): it tells a running beat to reload
            touched.append(job.name)
    for row in PeriodicTask.objects.filter(description__startswith=MARKER, enabled=True).exclude(name__in=periodic_jobs):
        row.enabled = False
        row.save()
        touched.append(row.name)
    return touched


def sync_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate handler: keep the beat schedule in step with the code on every deploy."""
    from django.db import connections

    # `migrate some_app` may run before django_celery_beat's tables exist.
    if "django_celery_beat_periodictask" not in connections[using].introspection.table_names():
        return
    sync_periodic_tasks()
