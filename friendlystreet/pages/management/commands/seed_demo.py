"""Load the Chenglong Road demo: `python manage.py seed_demo` (idempotent).

Each app that has demo data provides `<app>/demo.py` with `seed(*, log)`; they run
in INSTALLED_APPS order, which is the dependency order (accounts before venues
before points before volunteers), all in one transaction. What happened over the programme's
history (claims, decisions, vouchers, check-ins, reports) they schedule at its moment, and the
demo clock then lives it through in time order (friendlystreet.demo_clock).
"""

from __future__ import annotations

import importlib
import importlib.util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from friendlystreet import demo_clock
from friendlystreet.accounts.roles import sync_roles


def demo_modules():
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if importlib.util.find_spec(name) is not None:
            yield importlib.import_module(name)


class Command(BaseCommand):
    help = "Load the demo data of the Chenglong Road sub-district (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password; it refuses to run with DEBUG off. "
                "Use --force if this really is a demo server."
            )
        # The demo's notifications (about 60 SMS) go to the SMS outbox table, never to a
        # provider (the demo's phone numbers are made up) nor onto `make run`'s console.
        quiet = override_settings(SMS_BACKEND="outbox", EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
        with quiet, transaction.atomic():
            sync_roles()
            demo_clock.clear()
            try:
                for module in demo_modules():
                    module.seed(log=lambda msg: self.stdout.write(f"  {msg}"))
                steps = demo_clock.run()
            finally:
                demo_clock.clear()
            self.stdout.write(f"  history: {steps} steps over the last {demo_clock.HISTORY_DAYS} days")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
