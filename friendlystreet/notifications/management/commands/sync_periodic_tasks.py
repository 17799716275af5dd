"""`manage.py sync_periodic_tasks`: write the periodic jobs registered in code to Celery
beat's database schedule. `migrate` does this by itself; this is for doing it by hand."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from friendlystreet.notifications.schedule import periodic_jobs, sync_periodic_tasks


class Command(BaseCommand):
    help = "Write the periodic tasks registered in code to the beat schedule (idempotent)."

    def handle(self, *args, **options):
        touched = sync_periodic_tasks()
        for name in touched:
            self.stdout.write(f"  updated {name}")
        self.stdout.write(self.style.SUCCESS(f"{len(periodic_jobs)} periodic jobs registered, {len(touched)} updated."))
