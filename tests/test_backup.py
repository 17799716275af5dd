"""Backups that restore (issue 19): the manifest says what a backup holds, and a restore into a
fresh database reproduces it or fails.

The restore runs as the operator runs it, `manage.py restore` in a process of its own, into a
fresh database file: the test database cannot be the target (it is not empty, and the restore
refuses that). The PostgreSQL round trip of the whole demo is .ci/backup-roundtrip; here it
runs on a small fixture only when DATABASE_URL is PostgreSQL.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from friendlystreet.backups.manifest import compare, database_manifest
from friendlystreet.backups.services import MANIFEST, BackupError, backup_create, backup_restore, backups_prune
from points.models import Account, LedgerEntry
from points.services import balance_adjust, claim_approve
from tests.points.factories import ClaimFactory, add_photo

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def street(rider, other_rider, reviewer, street_admin, media):
    """Two riders with points: one earned by an approved claim with a photo, one adjusted."""
    claim = ClaimFactory(rider=rider)
    add_photo(claim)
    claim_approve(actor=reviewer, claim=claim)
    balance_adjust(actor=street_admin, rider=rider, amount=5, reason="补录")
    balance_adjust(actor=street_admin, rider=other_rider, amount=7, reason="补录")
    return claim


def manage(*args: str, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "friendlystreet.settings",
        "DEBUG": "True",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


# --- the manifest ------------------------------------------------------------------------------


def test_manifest_counts_every_table_and_sets_each_balance_beside_its_ledger(street, rider, other_rider):
    manifest = database_manifest()

    assert manifest["tables"]["points_ledgerentry"] == 3
    assert manifest["tables"]["points_account"] == 2
    assert manifest["tables"]["accounts_user"] == 4
    assert manifest["tables"]["accounts_user_groups"] >= 4  # auto-created many-to-many tables count too
    assert manifest["tables"]["django_migrations"] > 0
    assert set(manifest["tables"]) == set(connection.introspection.table_names())
    assert manifest["unknown_tables"] == []
    earned = LedgerEntry.objects.get(claim=street).amount
    assert manifest["accounts"] == [
        {"rider": rider.pk, "balance": earned + 5, "ledger_sum": earned + 5},
        {"rider": other_rider.pk, "balance": 7, "ledger_sum": 7},
    ]
    assert manifest["referenced_files"] == 1
    assert manifest["missing_files"] == []


def test_compare_names_a_balance_that_is_not_its_ledger_and_a_table_that_lost_rows(street, rider):
    before = database_manifest()
    # A damaged copy, made by hand: services would never move a balance without a ledger row.
    Account.objects.filter(pk=rider.pk).update(balance=1)
    street.photos.get().image.delete(save=False)
    after = database_manifest()
    after["tables"]["points_claim"] = 0

    problems = compare(before, after)

    assert f"account {rider.pk}: balance 1 is not its ledger sum {before['accounts'][0]['ledger_sum']}" in problems
    assert any(p.startswith(f"account {rider.pk}: balance {before['accounts'][0]['balance']}") for p in problems)
    assert "table points_claim: 1 rows in the backup, 0 now" in problems
    assert any(p.startswith("1 media files the rows refer to are missing") for p in problems)
    assert compare(before, before) == []


# --- SQLite: the round trip ------------------------------------------------------------------------


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip; the PostgreSQL one is test_postgresql_round_trip")


def test_sqlite_backup_restores_into_a_fresh_file_with_every_row_balance_and_photo(
    sqlite_only, transactional_db, street, media, tmp_path
):
    path = backup_create(directory=tmp_path / "backups")

    assert sorted(p.name for p in path.iterdir()) == ["database.sqlite3", "manifest.json", "media.tar"]
    assert path.stat().st_mode & 0o077 == 0  # riders' personal data: the owner only
    manifest = json.loads((path / MANIFEST).read_text())
    assert manifest["vendor"] == "sqlite"
    assert manifest["media"]["files"] == 1

    target = tmp_path / "restored.sqlite3"
    restored_media = tmp_path / "restored-media"
    done = manage("restore", str(path), database_url=f"sqlite:///{target}", media_root=restored_media)

    assert done.returncode == 0, done.stderr
    assert "Restored and verified" in done.stdout
    photo = street.photos.get()
    assert (restored_media / photo.image.name).read_bytes() == (media / photo.image.name).read_bytes()
    again = manage("backup", "--manifest-only", database_url=f"sqlite:///{target}", media_root=restored_media)
    assert json.loads(again.stdout) == {k: manifest[k] for k in json.loads(again.stdout)}


def test_backing_up_a_database_that_is_not_migrated_says_to_migrate_first(tmp_path):
    done = manage(
        "backup", "--dir", str(tmp_path / "backups"), database_url=f"sqlite:///{tmp_path / 'new.sqlite3'}", media_root=tmp_path
    )

    assert done.returncode != 0
    assert "manage.py migrate" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_restore_refuses_a_database_that_is_not_empty(sqlite_only, transactional_db, street, tmp_path):
    path = backup_create(directory=tmp_path / "backups")

    with pytest.raises(BackupError, match="fresh, empty database"):
        backup_restore(source=path)

    assert Account.objects.count() == 2


def test_restore_fails_when_the_data_differ_from_the_manifest(sqlite_only, transactional_db, street, tmp_path):
    path = backup_create(directory=tmp_path / "backups")
    manifest = json.loads((path / MANIFEST).read_text())
    manifest["tables"]["points_ledgerentry"] += 1
    (path / MANIFEST).write_text(json.dumps(manifest))

    done = manage("restore", str(path), database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}", media_root=tmp_path / "m")

    assert done.returncode != 0
    assert "table points_ledgerentry: 4 rows in the backup, 3 now" in done.stderr


def test_restore_refuses_a_damaged_file_before_writing_anything(sqlite_only, transactional_db, street, tmp_path):
    path = backup_create(directory=tmp_path / "backups")
    with (path / "media.tar").open("ab") as handle:
        handle.write(b"\0")
    target = tmp_path / "x.sqlite3"

    done = manage("restore", str(path), database_url=f"sqlite:///{target}", media_root=tmp_path / "m")

    assert done.returncode != 0
    assert "media.tar is damaged" in done.stderr
    assert not (tmp_path / "m").exists()


def test_backup_keeps_the_newest_when_asked_and_leaves_one_being_written(tmp_path):
    for stamp in ("20260101-000000", "20260102-000000", "20260103-000000"):
        (tmp_path / f"friendlystreet-{stamp}").mkdir()
        (tmp_path / f"friendlystreet-{stamp}" / MANIFEST).write_text("{}")
    (tmp_path / "friendlystreet-20260104-000000.partial").mkdir()

    gone = backups_prune(directory=tmp_path, keep=2)

    assert [p.name for p in gone] == ["friendlystreet-20260101-000000"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "friendlystreet-20260102-000000",
        "friendlystreet-20260103-000000",
        "friendlystreet-20260104-000000.partial",
    ]


# --- PostgreSQL ------------------------------------------------------------------------------------


def test_postgresql_round_trip(postgres_db, street, media, tmp_path):
    call_command("backup", "--dir", str(tmp_path / "backups"))
    (path,) = (tmp_path / "backups").iterdir()
    db = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": db["HOST"],
        "PGPORT": str(db["PORT"] or 5432),
        "PGUSER": db["USER"],
        "PGPASSWORD": db["PASSWORD"],
    }
    name = f"fs_test_restore_{os.getpid()}"
    subprocess.run(["dropdb", "--if-exists", name], env=env, check=True)
    subprocess.run(["createdb", name], env=env, check=True)
    try:
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
        done = manage("restore", str(path), database_url=url, media_root=tmp_path / "restored-media")
        assert done.returncode == 0, done.stderr
        assert "Restored and verified" in done.stdout
        assert "2 balances equal to their ledgers" in done.stdout
    finally:
        subprocess.run(["dropdb", "--if-exists", name], env=env, check=True)


# --- unpacking the media: a tampered archive writes nothing outside MEDIA_ROOT -----------------


def _archive(tmp_path, *members: tuple[str, bytes | None, str]):
    """A tar with (name, content, kind) members: kind "file", "dir" or "symlink" (content = target)."""
    import io
    import tarfile

    path = tmp_path / "media.tar"
    with tarfile.open(path, "w") as archive:
        for name, content, kind in members:
            info = tarfile.TarInfo(name)
            if kind == "dir":
                info.type = tarfile.DIRTYPE
                archive.addfile(info)
            elif kind == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = content.decode()
                archive.addfile(info)
            else:
                info.size = len(content)
                archive.addfile(info, io.BytesIO(content))
    return path


@pytest.mark.parametrize("stdlib_filter", [True, False], ids=["python-3.11.4+", "debian-12-python-3.11.2"])
def test_media_unpack_keeps_plain_files_and_refuses_a_tampered_archive(tmp_path, stdlib_filter):
    import tarfile

    from friendlystreet.backups.services import extract_media

    good = _archive(tmp_path, ("claims", None, "dir"), ("claims/a.jpg", b"jpeg", "file"))
    root = tmp_path / "media"
    root.mkdir()
    with tarfile.open(good) as archive:
        extract_media(archive, root, stdlib_filter=stdlib_filter)
    assert (root / "claims" / "a.jpg").read_bytes() == b"jpeg"

    for bad in (("../evil.txt", b"x", "file"), ("/tmp/evil.txt", b"x", "file"), ("link", b"/etc/passwd", "symlink")):
        (tmp_path / "bad").mkdir(exist_ok=True)
        path = _archive(tmp_path / "bad", bad)
        # Refused; Python's filter instead unpacks an absolute name inside root.
        with tarfile.open(path) as archive, contextlib.suppress(tarfile.TarError):
            extract_media(archive, root, stdlib_filter=stdlib_filter)
        assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()
        assert not (root / "link").exists()
