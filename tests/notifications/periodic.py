"""Driving beat's schedule in-process, as `manage.py run_periodic_tasks` does without a broker."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask


def last_ran(name: str, ago: timedelta) -> None:
    """As if beat's row of this job had last run `ago` (the job's schedule decides if it is due)."""
    call_command("sync_periodic_tasks", verbosity=0)
    PeriodicTask.objects.filter(name=name).update(last_run_at=timezone.now() - ago)


def run_periodic(capsys) -> str:
    call_command("run_periodic_tasks", "--once")
    return capsys.readouterr().out
