"""`manage.py backup [--dir backups] [--keep N] [--no-media]`; `make backup` (README, "Deploying").

`--manifest-only` prints the live database's manifest (row counts, balances and ledger sums)
as JSON and writes nothing: .ci/backup-roundtrip compares two databases with it.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from friendlystreet.backups.manifest import database_manifest
from friendlystreet.backups.services import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = "Back up the database (pg_dump -Fc, or a SQLite copy) and the media, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default="data/backups", help="Where the backup directory goes [data/backups].")
        parser.add_argument("--keep", type=int, default=0, help="Then delete all but the newest N backups there [keep all].")
        parser.add_argument("--no-media", action="store_true", help="Database only (media on object storage).")
        parser.add_argument("--manifest-only", action="store_true", help="Print the database's manifest; write nothing.")

    def handle(self, *args, dir: str, keep: int, no_media: bool, manifest_only: bool, **options):
        if manifest_only:
            with transaction.atomic():
                self.stdout.write(json.dumps(database_manifest(), indent=1, sort_keys=True))
            return
        try:
            path = backup_create(directory=Path(dir), media=not no_media, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path}"))
        if keep > 0:
            for old in backups_prune(directory=Path(dir), keep=keep):
                self.stdout.write(f"deleted the older backup {old}")
