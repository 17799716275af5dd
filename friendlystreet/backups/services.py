"""Backups that restore: `backup_create` writes a directory with the database, the media and
a manifest; `backup_restore` puts them into a fresh database and an empty media directory,
then checks the result against the manifest.

A backup directory holds
- `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite:
  the sqlite3 backup API, a consistent copy of a live file);
- `media.tar`: MEDIA_ROOT (photos are JPEG/PNG/WebP already: not compressed again);
- `manifest.json`: the row count of every table, every points account's balance and ledger
  sum, the media files the rows refer to, and the SHA-256 of the two files.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from .manifest import FORMAT, compare, database_manifest

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_TAR = "media.tar"


class BackupError(Exception):
    """A backup or a restore that must stop; the message says why, for an operator."""


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    problems: list[str]


# --- helpers -----------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _vendor() -> str:
    if connection.vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"backups support PostgreSQL and SQLite, not {connection.vendor}")
    return connection.vendor


def _pg_env() -> dict[str, str]:
    """libpq's variables for the default database: the password never on a command line."""
    db = connection.settings_dict  # the database in use (a test run renames it)
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for key, var in (("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if db.get(key):
            env[var] = str(db[key])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _pg_tool(name: str) -> str:
    """pg_dump/pg_restore of at least the server's major version: an older one refuses the
    server (pg_dump) or the archive (pg_restore), so say which client package to install."""
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} not found: apt-get install postgresql-client")
    out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if match is None or int(match.group(1)) < server:
        raise BackupError(f"{out.strip()} is older than the server (PostgreSQL {server}): install postgresql-client-{server}")
    return tool


def _run(args: list[str], *, env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip()}")


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _write_media_tar(target: Path) -> dict[str, int]:
    root = _media_root()
    files = total = 0
    with tarfile.open(target, "w") as archive:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    archive.add(path, arcname=str(path.relative_to(root)), recursive=False)
                    files += 1
                    total += path.stat().st_size
    return {"files": files, "bytes": total}


def _ensure_empty_database() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"the database {connection.settings_dict['NAME']} already has {len(tables)} tables: "
            "restore only into a fresh, empty database (deploy/README.md, 'Restore')"
        )


def _ensure_empty_media() -> None:
    root = _media_root()
    if root.exists() and any(root.iterdir()):
        raise BackupError(f"MEDIA_ROOT {root} is not empty: restore media only into an empty directory")


# --- backup ------------------------------------------------------------------------------------


def _require_migrated() -> None:
    """A backup of a database that is not migrated would restore into a schema of another
    release: say what to do instead of failing halfway through the manifest."""
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise BackupError(
            f"the database has {len(pending)} migrations not applied (the first: {pending[0][0].app_label}."
            f"{pending[0][0].name}): run `manage.py migrate` first"
        )


def backup_create(*, directory: Path, media: bool = True, log: Callable[[str], None] = lambda _: None) -> Path:
    """Write a new backup under `directory` and return its path. The database part and the
    manifest come from one snapshot; the media are archived after it, so they hold every file
    the snapshot's rows refer to (a photo deleted by retention meanwhile is the exception,
    and the manifest lists it as missing)."""
    vendor = _vendor()
    _require_migrated()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = Path(directory) / f"friendlystreet-{stamp}"
    partial = target.with_name(target.name + ".partial")
    if target.exists() or partial.exists():
        raise BackupError(f"{target} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Owner only: a backup holds every rider's personal data.
    partial.mkdir(mode=0o700)
    try:
        if vendor == "postgresql":
            manifest = _pg_dump(partial / PG_DUMP)
            database_file = PG_DUMP
        else:
            manifest = _sqlite_copy(partial / SQLITE_COPY)
            database_file = SQLITE_COPY
        log(f"database: {sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables")
        manifest.update(
            format=FORMAT,
            created_at=timezone.now().isoformat(),
            vendor=vendor,
            release=settings.RELEASE,
            database={"file": database_file, "sha256": sha256(partial / database_file)},
            media=None,
        )
        if media:
            stats = _write_media_tar(partial / MEDIA_TAR)
            manifest["media"] = {"file": MEDIA_TAR, "sha256": sha256(partial / MEDIA_TAR), **stats}
            log(f"media: {stats['files']} files, {stats['bytes']} bytes")
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    # Renamed only when complete: a directory without ".partial" is a whole backup.
    partial.rename(target)
    return target


def _pg_dump(target: Path) -> dict[str, Any]:
    pg_dump = _pg_tool("pg_dump")
    env = _pg_env()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Not a rule in SQL (STYLE.md 11): the snapshot pg_dump reads. The manifest is
            # counted in this transaction and pg_dump joins it with --snapshot, so both see
            # the same rows while the site keeps writing.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        manifest = database_manifest()
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"], env=env)
    return manifest


def _sqlite_copy(target: Path) -> dict[str, Any]:
    # One read transaction for the manifest and the copy, so both describe the same rows:
    # DEFERRED, not the IMMEDIATE of settings.py, because SQLite's backup cannot read through
    # a connection that holds the write lock (it waits forever). Writers wait meanwhile (a
    # rollback journal) or go on past our snapshot (WAL); a copy takes milliseconds.
    connection.ensure_connection()
    mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
    try:
        with transaction.atomic():
            manifest = database_manifest()
            destination = sqlite3.connect(target)
            try:
                connection.connection.backup(destination)
            finally:
                destination.close()
    finally:
        connection.transaction_mode = mode
    return manifest


# --- restore -----------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict[str, Any]:
    path = Path(source) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} is not a backup: no {MANIFEST}")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: manifest format {manifest.get('format')}, this release reads {FORMAT}")
    return manifest


def _check_files(source: Path, manifest: dict[str, Any]) -> None:
    """A damaged copy fails here, before anything is written."""
    parts = [manifest["database"]] + ([manifest["media"]] if manifest["media"] else [])
    for part in parts:
        path = source / part["file"]
        if not path.is_file():
            raise BackupError(f"{path} is missing")
        if sha256(path) != part["sha256"]:
            raise BackupError(f"{path} is damaged: its SHA-256 differs from the manifest's")


def extract_media(archive: tarfile.TarFile, root: Path, *, stdlib_filter: bool = hasattr(tarfile, "data_filter")) -> None:
    """Unpack a media archive into `root`; a tampered archive cannot write outside it.

    Python's "data" filter refuses absolute paths, "..", links and device files. It came with
    3.11.4, and Debian 12's python3 is 3.11.2: there the same refusals are made here, with only
    plain files and folders allowed (our archives hold nothing else)."""
    if stdlib_filter:
        archive.extractall(root, filter="data")
        return
    inside = root.resolve()
    members = archive.getmembers()
    for member in members:
        target = (root / member.name).resolve()
        if not (member.isfile() or member.isdir()) or Path(member.name).is_absolute() or not target.is_relative_to(inside):
            raise tarfile.TarError(f"refused to unpack {member.name!r}: not a plain file or folder inside the media folder")
    for member in members:
        member.mode = 0o755 if member.isdir() else 0o644
    archive.extractall(root, members=members)  # noqa: S202 (every member checked above)


def backup_restore(*, source: Path, media: bool = True, log: Callable[[str], None] = lambda _: None) -> RestoreResult:
    """Restore `source` into the configured database, which must be empty, and the media into
    MEDIA_ROOT, which must be empty; then compare the result with the manifest. The caller
    fails on any problem (RestoreResult.problems)."""
    source = Path(source)
    manifest = read_manifest(source)
    vendor = _vendor()
    if manifest["vendor"] != vendor:
        raise BackupError(f"this is a {manifest['vendor']} backup; DATABASE_URL points at {vendor}")
    _check_files(source, manifest)
    restore_media = media and manifest["media"] is not None
    _ensure_empty_database()
    if restore_media:
        _ensure_empty_media()

    if vendor == "postgresql":
        pg_restore = _pg_tool("pg_restore")
        env = _pg_env()
        connection.close()
        # --no-owner/--no-privileges: the objects belong to whoever restores (the new
        # database's owner), whatever role owned them on the old server.
        _run(
            [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             f"--dbname={env['PGDATABASE']}", str(source / PG_DUMP)],
            env=env,
        )  # fmt: skip
    else:
        connection.ensure_connection()
        copy = sqlite3.connect(source / SQLITE_COPY)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()
    log(f"database restored from {manifest['database']['file']}")

    if restore_media:
        root = _media_root()
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / MEDIA_TAR) as archive:
            extract_media(archive, root)
        log(f"media restored: {manifest['media']['files']} files")

    actual = database_manifest()
    if not restore_media:
        # Without the media, the files are not ours to check.
        actual["missing_files"] = manifest["missing_files"]
    return RestoreResult(manifest=actual, problems=compare(manifest, actual))


def backups_prune(*, directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` complete backups in `directory`; return what went."""
    found = sorted(
        (p for p in Path(directory).glob("friendlystreet-*") if p.is_dir() and (p / MANIFEST).is_file()),
        key=lambda p: p.name,
    )
    gone = found[: max(len(found) - keep, 0)]
    for path in gone:
        shutil.rmtree(path)
    return gone
