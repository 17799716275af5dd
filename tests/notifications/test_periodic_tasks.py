"""The beat schedule is registered in code and written to the database by `migrate`, so a
fresh deployment has the sweep and the 08:30 digest without anyone clicking in the admin."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from friendlystreet.celery import app as celery_app
from friendlystreet.notifications import schedule

pytestmark = pytest.mark.django_db


def test_migrate_registers_the_sweep_and_the_digest():
    PeriodicTask.objects.all().delete()
    call_command("migrate", verbosity=0)  # what a deployment runs

    digest = PeriodicTask.objects.get(name="notifications.reviewer_digest")
    assert digest.enabled
    assert digest.task == "friendlystreet.notifications.tasks.send_reviewer_digest"
    assert (digest.crontab.minute, digest.crontab.hour, digest.crontab.day_of_week) == ("30", "8", "*")
    assert str(digest.crontab.timezone) == "Asia/Shanghai"

    sweep = PeriodicTask.objects.get(name="notifications.sweep_deliveries")
    assert sweep.task == "friendlystreet.notifications.tasks.sweep_deliveries"
    assert sweep.interval.every <= 300
    assert sweep.interval.period == "seconds"


def test_every_registered_job_names_a_real_task():
    celery_app.loader.import_default_modules()
    for job in schedule.periodic_jobs.values():
        assert job.task in celery_app.tasks, job.name


def test_sync_is_idempotent_and_keeps_a_job_paused_in_the_admin():
    call_command("sync_periodic_tasks", verbosity=0)
    count = PeriodicTask.objects.count()
    PeriodicTask.objects.filter(name="notifications.reviewer_digest").update(enabled=False)
    assert schedule.sync_periodic_tasks() == []
    assert PeriodicTask.objects.count() == count
    assert not PeriodicTask.objects.get(name="notifications.reviewer_digest").enabled


def test_another_app_adds_its_job_to_the_same_schedule(monkeypatch):
    monkeypatch.setattr(schedule, "periodic_jobs", dict(schedule.periodic_jobs))
    schedule.register_periodic(
        schedule.PeriodicJob(
            name="points.expire_vouchers",
            task="points.tasks.expire_vouchers",
            crontab={"minute": "5", "hour": "0"},
            description="Expire vouchers",
        )
    )
    schedule.sync_periodic_tasks()
    row = PeriodicTask.objects.get(name="points.expire_vouchers")
    assert (row.crontab.minute, row.crontab.hour) == ("5", "0")
    assert row.description.startswith(schedule.MARKER)

    # The job is removed from the code: its row is disabled, not left running.
    del schedule.periodic_jobs["points.expire_vouchers"]
    schedule.sync_periodic_tasks()
    assert not PeriodicTask.objects.get(name="points.expire_vouchers").enabled


def test_a_job_changed_in_code_is_updated_on_the_next_sync(monkeypatch):
    schedule.sync_periodic_tasks()
    monkeypatch.setattr(schedule, "periodic_jobs", dict(schedule.periodic_jobs))
    old = schedule.periodic_jobs["notifications.reviewer_digest"]
    schedule.periodic_jobs[old.name] = schedule.PeriodicJob(
        name=old.name, task=old.task, crontab={"minute": "0", "hour": "9"}, description=old.description
    )
    assert schedule.sync_periodic_tasks() == [old.name]
    assert PeriodicTask.objects.get(name=old.name).crontab.hour == "9"


def test_a_job_needs_exactly_one_schedule():
    with pytest.raises(ValueError):
        schedule.register_periodic(schedule.PeriodicJob(name="x", task="x"))
    with pytest.raises(ValueError):
        schedule.register_periodic(schedule.PeriodicJob(name="x", task="x", crontab={"hour": "1"}, every_seconds=5))
    with pytest.raises(ValueError):
        schedule.register_periodic(schedule.PeriodicJob(name="x", task="x", crontab={"hours": "1"}))
