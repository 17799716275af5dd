"""The export of the whole ledger (issue 17): worker time and peak memory, for `make bench`.

    .venv/bin/python bench/exports.py --synthetic 200000   # a throwaway database of its own
    .venv/bin/python bench/exports.py --measure csv         # one export, in this process (prints JSON)

run.py calls `report(env)` once the bench database is seeded: each format is exported in a
fresh process (so its peak memory is the export's own, not the seeding's) by the same code as
the Celery task (services.export_run), over every ledger entry there is. The target: a million
rows in under a minute of worker time, with memory that does not grow with the rows.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS_PER_MILLION = 60.0


def _memory_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (the peak) of this process in MB, from /proc/self/status.

    Not getrusage's ru_maxrss: on Linux a child inherits its parent's at fork and keeps it
    through exec, so a child of run.py (which has just seeded a million rows) reported the
    seeding's peak, not the export's. VmHWM starts afresh with the new program."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(fmt: str) -> dict:
    """Export every ledger entry in `fmt` as the worker would; the numbers, then the file is deleted."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.storage import default_storage
    from django.db.models import Max, Min

    from friendlystreet.days import local_today, local_zone
    from friendlystreet.ledgers.models import Export
    from friendlystreet.ledgers.services import export_run
    from points.models import LedgerEntry

    span = LedgerEntry.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    today = local_today()
    start = span["first"].astimezone(local_zone()).date() if span["first"] else today
    end = span["last"].astimezone(local_zone()).date() if span["last"] else today
    owner, _created = get_user_model().objects.get_or_create(username="bench-exporter", defaults={"display_name": "bench"})
    export = Export.objects.create(owner=owner, kind="ledger", format=fmt, start=start, end=end)
    rss_before = _memory_mb("VmRSS")
    cpu, wall = time.process_time(), time.perf_counter()
    outcome = export_run(export_id=export.pk)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    export.refresh_from_db()
    size = default_storage.size(export.file.name) if export.file else 0
    if export.file:
        default_storage.delete(export.file.name)
    export.delete()
    return {
        "format": fmt,
        "outcome": outcome,
        "error": export.error,
        "rows": export.rows,
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "rows_per_second": round(export.rows / wall) if wall else 0,
        "peak_rss_mb": round(_memory_mb("VmHWM"), 1),
        "rss_before_mb": round(rss_before, 1),
        "file_mb": round(size / 1e6, 1),
    }


def run_child(fmt: str, env: dict[str, str]) -> dict:
    out = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(Path(__file__)), "--measure", fmt], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if out.returncode:
        return {"format": fmt, "outcome": "crashed", "error": out.stderr[-500:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def line(r: dict) -> str:
    if r.get("outcome") != "done":
        return f"  ledger export ({r['format']}): {r.get('outcome')} {r.get('error', '')}"
    per_million = r["seconds"] / r["rows"] * 1e6 if r["rows"] else 0
    flag = "" if per_million < TARGET_SECONDS_PER_MILLION else f"  ⚠ over {TARGET_SECONDS_PER_MILLION:.0f} s per million"
    return (
        f"  ledger export ({r['format']}): {r['rows']:,} rows in {r['seconds']:.1f} s (cpu {r['cpu_seconds']:.1f} s), "
        f"{r['rows_per_second']:,} rows/s, {per_million:.0f} s per million; peak memory {r['peak_rss_mb']:.0f} MB "
        f"(before the export {r['rss_before_mb']:.0f} MB); file {r['file_mb']:.1f} MB{flag}"
    )


def table(results: list[dict]) -> str:
    """The exports' rows for docs/benchmarks.md."""
    lines = [
        "| ledger export | rows | worker time (s) | CPU (s) | s per million | memory before → peak (MB) | file (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.get("outcome") != "done":
            lines.append(f"| {r['format']} | {r.get('outcome')}: {r.get('error', '')[:80]} | | | | | |")
            continue
        per_million = r["seconds"] / r["rows"] * 1e6 if r["rows"] else 0
        flag = "" if per_million < TARGET_SECONDS_PER_MILLION else f" ⚠ over {TARGET_SECONDS_PER_MILLION:.0f}"
        lines.append(
            f"| {r['format'].upper()} | {r['rows']:,} | {r['seconds']:.1f} | {r['cpu_seconds']:.1f} | {per_million:.0f}{flag} "
            f"| {r['rss_before_mb']:.0f} → {r['peak_rss_mb']:.0f} | {r['file_mb']:.1f} |"
        )
    return "\n".join(lines) if results else "(The ledger exports were not run.)"


def report(env: dict[str, str]) -> list[dict]:
    """run.py: the whole ledger of the bench database, in CSV and in XLSX."""
    print("· exporting the whole ledger (the Celery task's code, in a process of its own)", flush=True)
    results = [run_child(fmt, env) for fmt in ("csv", "xlsx")]
    for r in results:
        print(line(r), flush=True)
    return results


# --- a synthetic ledger in a throwaway database ----------------------------------------------------


def synthetic(n: int, db_url: str) -> None:
    """A database of its own with `n` ledger entries over a year (bulk inserts through the
    ORM), then the export in each format, each in a fresh process; the database is dropped."""
    from urllib.parse import urlparse

    import psycopg2
    from psycopg2 import sql

    name = urlparse(db_url).path.lstrip("/")
    if "exportbench" not in name:
        sys.exit("the synthetic database's name must contain 'exportbench' (it is dropped)")
    admin = psycopg2.connect(dbname="postgres", **_conn_args(db_url))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "friendlystreet.settings",
        "DEBUG": "True",
        "PYTHONPATH": str(ROOT),
    }
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)  # noqa: S603
        subprocess.run([sys.executable, str(Path(__file__)), "--seed", str(n)], env=env, cwd=ROOT, check=True)  # noqa: S603
        for fmt in ("csv", "xlsx"):
            print(line(run_child(fmt, env)), flush=True)
    finally:
        with admin.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.close()


def _conn_args(db_url: str) -> dict:
    from urllib.parse import urlparse

    u = urlparse(db_url)
    return {"user": u.username, "password": u.password, "host": u.hostname, "port": u.port or 5432}


def seed(n: int) -> None:
    """n ledger entries of 1,000 riders (all written today), each rider's balance as the ledger says."""
    import django

    django.setup()
    import random

    from django.contrib.auth import get_user_model

    from points.models import Account, LedgerEntry

    User = get_user_model()
    rng = random.Random(17)
    riders = User.objects.bulk_create(User(username=f"xb{i:05d}", display_name=f"骑手{i}") for i in range(1000))
    Account.objects.bulk_create(Account(rider=u) for u in riders)
    balances = dict.fromkeys((u.pk for u in riders), 0)
    batch = []
    for i in range(n):
        rider = riders[i % len(riders)].pk
        amount = rng.choice([5, 10, -3]) if balances[rider] >= 3 else 5
        balances[rider] += amount
        batch.append(
            LedgerEntry(
                account_id=rider,
                kind="adjust",
                amount=amount,
                balance_after=balances[rider],
                description="街道办调整",
                note="补录",
            )
        )
        if len(batch) == 5000:
            LedgerEntry.objects.bulk_create(batch)
            batch = []
    LedgerEntry.objects.bulk_create(batch)
    accounts = list(Account.objects.all())
    for account in accounts:
        account.balance = balances[account.pk]
    Account.objects.bulk_update(accounts, ["balance"], batch_size=1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measure", choices=["csv", "xlsx"])
    parser.add_argument("--synthetic", type=int, metavar="ROWS")
    parser.add_argument("--seed", type=int, metavar="ROWS", help=argparse.SUPPRESS)
    parser.add_argument(
        "--database-url", default="postgres://friendlystreet:friendlystreet@127.0.0.1:5432/friendlystreet_exportbench"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendlystreet.settings")
    if args.measure:
        print(json.dumps(measure(args.measure)))
    elif args.seed:
        seed(args.seed)
    elif args.synthetic:
        synthetic(args.synthetic, args.database_url)
    else:
        parser.print_help()


if __name__ == "__main__":
    main()
