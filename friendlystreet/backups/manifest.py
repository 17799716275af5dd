"""What a backup must restore to: every table's row count, every points account's balance
next to the sum of its ledger (as the points app registers them, registry.py), and the media
files the rows refer to.

The manifest is read from the same snapshot the dump is taken from (services.py), so a
restore that reproduces it reproduces the database; `compare` lists every difference.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder

from .registry import account_balances

FORMAT = 1


def counted_models() -> list[type[models.Model]]:
    """One model per table: concrete, managed models and the auto-created many-to-many
    tables, plus django_migrations (a table with no app of its own)."""
    by_table: dict[str, type[models.Model]] = {}
    for model in [*apps.get_models(include_auto_created=True), MigrationRecorder.Migration]:
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        by_table.setdefault(meta.db_table, model)
    return [by_table[name] for name in sorted(by_table)]


def table_counts() -> dict[str, int]:
    # _base_manager: every row, whatever a default manager filters out.
    return {model._meta.db_table: model._base_manager.count() for model in counted_models()}


def unknown_tables() -> list[str]:
    """Tables in the database that no model describes: their rows are in the dump but not
    counted here, so the manifest says so rather than pretend to cover them."""
    known = {model._meta.db_table for model in counted_models()}
    return sorted(set(connection.introspection.table_names()) - known)


def referenced_files() -> list[str]:
    """The names every FileField row holds, sorted: what the media archive must contain."""
    names: set[str] = set()
    for model in counted_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True))
    return sorted(name for name in names if name)


def missing_files(names: list[str], media_root: Path | None = None) -> list[str]:
    root = Path(media_root or settings.MEDIA_ROOT)
    return [name for name in names if not (root / name).is_file()]


def database_manifest() -> dict[str, Any]:
    """Read inside the snapshot the dump is taken from (the caller's transaction)."""
    files = referenced_files()
    return {
        "tables": table_counts(),
        "unknown_tables": unknown_tables(),
        "accounts": account_balances(),
        "referenced_files": len(files),
        "missing_files": missing_files(files),
    }


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Every difference between the manifest of a backup and that of a database, in words.
    Empty means the database holds what the backup held, and every balance is its ledger."""
    problems: list[str] = []
    want, got = expected["tables"], actual["tables"]
    for table in sorted(set(want) | set(got)):
        if want.get(table) != got.get(table):
            problems.append(f"table {table}: {want.get(table, 'absent')} rows in the backup, {got.get(table, 'absent')} now")

    want_accounts = {row["rider"]: row for row in expected["accounts"]}
    got_accounts = {row["rider"]: row for row in actual["accounts"]}
    for rider in sorted(set(want_accounts) | set(got_accounts)):
        before, after = want_accounts.get(rider), got_accounts.get(rider)
        if before is None or after is None:
            problems.append(f"account {rider}: {'absent from the backup' if before is None else 'absent now'}")
        elif (before["balance"], before["ledger_sum"]) != (after["balance"], after["ledger_sum"]):
            problems.append(
                f"account {rider}: balance {before['balance']} / ledger {before['ledger_sum']} in the backup, "
                f"{after['balance']} / {after['ledger_sum']} now"
            )
    for row in actual["accounts"]:
        if row["balance"] != row["ledger_sum"]:
            problems.append(f"account {row['rider']}: balance {row['balance']} is not its ledger sum {row['ledger_sum']}")

    newly_missing = sorted(set(actual["missing_files"]) - set(expected["missing_files"]))
    if newly_missing:
        shown = ", ".join(newly_missing[:10]) + (" …" if len(newly_missing) > 10 else "")
        problems.append(f"{len(newly_missing)} media files the rows refer to are missing: {shown}")
    return problems
