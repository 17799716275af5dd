"""`manage.py restore BACKUP_DIR [--no-media]`; `make restore BACKUP=…` (deploy/README.md).

Into a fresh, empty database (DATABASE_URL) and an empty MEDIA_ROOT only; then every table's
row count and every balance with its ledger sum are compared with the manifest, and any
difference fails the command.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from friendlystreet.backups.services import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup into a fresh database and an empty MEDIA_ROOT, then verify it against its manifest."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="A backup directory written by `manage.py backup`.")
        parser.add_argument("--no-media", action="store_true", help="Database only (media on object storage).")

    def handle(self, *args, backup: str, no_media: bool, **options):
        try:
            result = backup_restore(source=Path(backup), media=not no_media, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if result.problems:
            for problem in result.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"the restored data differ from the manifest in {len(result.problems)} ways")
        tables = result.manifest["tables"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and verified: {sum(tables.values())} rows in {len(tables)} tables as in the manifest, "
                f"{len(result.manifest['accounts'])} balances equal to their ledgers, "
                f"{result.manifest['referenced_files']} referenced media files present."
            )
        )
