"""`manage.py run_periodic_tasks` (beside sync_periodic_tasks): without a broker, it runs
every app's periodic jobs that are due, in-process, from beat's own schedule (the rows
sync_periodic_tasks writes), each once even with two runners, never one paused in the admin;
with a broker it refuses (beat's job); `make run` starts it beside the server. What a job does
is tested with its app (the vouchers' refund: tests/points/rewards/test_periodic_without_broker.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from tests.notifications.periodic import last_ran, run_periodic

pytestmark = pytest.mark.django_db

SWEEP = "notifications.sweep_deliveries"  # every few minutes; harmless with nothing to sweep


def test_a_job_runs_only_when_its_schedule_says_so_and_once(capsys):
    last_ran(SWEEP, timedelta(seconds=0))  # just ran: not due yet

    assert SWEEP not in run_periodic(capsys)

    PeriodicTask.objects.filter(name=SWEEP).update(last_run_at=timezone.now() - timedelta(hours=1))
    assert f"{SWEEP}: done" in run_periodic(capsys)
    assert SWEEP not in run_periodic(capsys)  # it ran: not due again yet
    row = PeriodicTask.objects.get(name=SWEEP)
    assert timezone.now() - row.last_run_at < timedelta(minutes=1)


def test_every_apps_due_jobs_run(capsys):
    call_command("sync_periodic_tasks", verbosity=0)
    PeriodicTask.objects.filter(name__in=[SWEEP, "points.expire_vouchers", "dashboard.refresh_queues"]).update(
        last_run_at=timezone.now() - timedelta(days=1)
    )

    out = run_periodic(capsys)

    for name in (SWEEP, "points.expire_vouchers", "dashboard.refresh_queues"):
        assert f"{name}: done" in out


def test_a_run_is_recorded_on_beats_row(capsys):
    last_ran(SWEEP, timedelta(hours=1))
    before = PeriodicTask.objects.get(name=SWEEP).total_run_count

    assert f"{SWEEP}: done" in run_periodic(capsys)

    assert PeriodicTask.objects.get(name=SWEEP).total_run_count == before + 1


def test_a_job_paused_in_the_admin_stays_paused(capsys):
    last_ran(SWEEP, timedelta(hours=1))
    PeriodicTask.objects.filter(name=SWEEP).update(enabled=False)

    assert SWEEP not in run_periodic(capsys)


def test_with_a_broker_the_runner_refuses_beat_does_it(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"

    with pytest.raises(CommandError, match="beat"):
        call_command("run_periodic_tasks", "--once")


def test_make_run_starts_the_runner_beside_the_server():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "manage.py run_periodic_tasks &" in run and "runserver" in run


def test_the_command_lives_beside_sync_periodic_tasks():
    from django.core.management import get_commands

    commands = get_commands()
    assert commands["run_periodic_tasks"] == commands["sync_periodic_tasks"] == "friendlystreet.notifications"
