"""`make bench`: seed a large dataset into PostgreSQL, serve it with gunicorn under production
settings (and gunicorn.conf.py, as deployed), load each scenario with wrk from 20
connections, print a table and record it in docs/benchmarks.md.

    .venv/bin/python bench/run.py                 # everything (about 15 minutes, 5 to 7 of them the XLSX export)
    .venv/bin/python bench/run.py --reuse-db      # skip dropping and seeding the bench database
    .venv/bin/python bench/run.py --only venue    # scenarios whose name contains "venue" (+ the ceiling)
    .venv/bin/python bench/run.py --reuse-db --only export   # only the ledger exports (CSV, XLSX)
    BENCH_DURATION=20 BENCH_ROUNDS=4 .venv/bin/python bench/run.py   # per page: 4 slices of 5 s

Small seed against large seed (a rider page may take at most 1.5x as long on the large one):
    .venv/bin/python bench/run.py --scale small   # about 1/20 of the volume, its own database
    .venv/bin/python bench/run.py                 # the large seed
    .venv/bin/python bench/run.py --compare       # p50 of each rider page, large vs small
Each run leaves its numbers in bench/results-<scale>.json, which --compare reads.

On a checkout others are editing, measure a commit instead of the working tree:
    git archive HEAD | tar -x -C /tmp/fs-bench && cd /tmp/fs-bench && \
      BENCH_COMMIT=$(git -C /work/main rev-parse --short HEAD) /work/main/.venv/bin/python bench/run.py
and copy its docs/benchmarks.md back.

Needs PostgreSQL and Redis (`../shared/services-start`) and wrk (`apt-get install -y wrk`).
The bench database (`friendlystreet_bench`, or `friendlystreet_bench_small` with --scale
small; BENCH_DATABASE_URL to change) is dropped and re-created on each run; the role must be
allowed to create databases. Production runs with Redis, so the bench does too, on a Redis
database of its own per scale (BENCH_REDIS_URL to change), emptied on each run: the seeded
ids repeat from one database to the next, and a public page cached from one must not be
served for the other.

Every number is quoted against the ceiling measured in the same run (a trivial view that
runs one query, through the whole middleware stack): absolute req/s depend on the
machine, ratios much less. Apps add scenarios in bench/apps/<app>.py (bench/scenarios.py).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import platform
import re
import runpy
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import exports as exports_bench  # noqa: E402
from bench.scenarios import SCALES  # noqa: E402

DEFAULT_DB_URL = {
    "large": "postgres://friendlystreet:friendlystreet@127.0.0.1:5432/friendlystreet_bench",
    "small": "postgres://friendlystreet:friendlystreet@127.0.0.1:5432/friendlystreet_bench_small",
}
DEFAULT_REDIS_URL = {"large": "redis://127.0.0.1:6379/5", "small": "redis://127.0.0.1:6379/6"}
CONNECTIONS = 20
THREADS = 2
# The production server's settings (workers: (2 × cores) + 1), as deployed.
GUNICORN_CONFIG = ROOT / "gunicorn.conf.py"
WORKERS = runpy.run_path(str(GUNICORN_CONFIG))["workers"]
DOC = ROOT / "docs" / "benchmarks.md"
MAX_SLOWDOWN = 1.5  # a rider page's p50 on the large seed against the small one's
EXPORT_ROWS = "ledger export"  # `--only export` (or `--only ledger`) runs only the exports


def results_file(scale: str) -> Path:
    return ROOT / "bench" / f"results-{scale}.json"


@dataclass
class Result:
    name: str
    path: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    target: float
    ceiling: bool
    script: str = ""
    reference_rps: float = 0.0  # the ceiling measured in slices interleaved with this scenario


# --- set-up -------------------------------------------------------------------------------


@dataclass
class Target:
    """Where a run at one scale keeps its data: database, Redis database, files."""

    scale: str
    db_url: str
    redis_url: str

    @classmethod
    def for_scale(cls, scale: str) -> Target:
        db_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB_URL[scale])
        return cls(scale, db_url, os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL[scale]))

    @property
    def workdir(self) -> Path:
        """Static files, uploads and the wrk scripts' data of this database only: a run on
        another database (another scale, another checkout) never overwrites them mid-load."""
        return Path(tempfile.gettempdir()) / f"friendlystreet-{urlparse(self.db_url).path.lstrip('/')}"


def production_env(target: Target) -> dict[str, str]:
    """The environment of the bench server (and of the seeding, which must see the same
    database, cache and file storage)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.setdefault("BENCH_STATIC_ROOT", str(target.workdir / "static"))
    env.setdefault("BENCH_MEDIA_ROOT", str(target.workdir / "media"))
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "False",
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "False",
            "DATABASE_URL": target.db_url,
            "REDIS_URL": target.redis_url,
            "CONN_MAX_AGE": "600",  # persistent connections
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def recreate_database(db_url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    url = urlparse(db_url)
    name = url.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+_bench[a-z0-9_]*", name):
        sys.exit(f"Refusing to drop {name!r}: the bench database's name must contain '_bench'.")
    try:
        conn = psycopg2.connect(
            dbname="postgres", user=url.username, password=url.password, host=url.hostname, port=url.port or 5432
        )
    except psycopg2.OperationalError as exc:
        sys.exit(f"PostgreSQL is not reachable ({exc}). Start it with ../shared/services-start.")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
        )
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()


def load_app_modules():
    import bench.apps as apps_pkg

    modules = [importlib.import_module(f"bench.apps.{m.name}") for m in pkgutil.iter_modules(apps_pkg.__path__)]
    return sorted(modules, key=lambda m: getattr(m, "ORDER", 100))


def prepare(target: Target, reuse: bool, ctx) -> None:
    """Create, migrate and seed the bench database; collect static files. Runs in this process."""
    os.environ.update(production_env(target))
    if not reuse:
        print(f"· re-creating the bench database ({target.scale} seed)", flush=True)
        recreate_database(target.db_url)
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    cache.clear()

    print("· migrating", flush=True)
    call_command("migrate", "--noinput", verbosity=0)
    print("· collecting static files", flush=True)
    call_command("collectstatic", "--noinput", verbosity=0)
    modules = load_app_modules()
    if not reuse:
        print("· seeding the demo data", flush=True)
        call_command("seed_demo", "--force", verbosity=0)
        for module in modules:
            if hasattr(module, "seed"):
                started = time.monotonic()
                module.seed(ctx)
                print(f"· seeded {module.__name__.rsplit('.', 1)[-1]} in {time.monotonic() - started:.1f} s", flush=True)
    else:
        for module in modules:
            if hasattr(module, "reuse"):
                try:
                    module.reuse(ctx)
                except Exception as exc:  # noqa: BLE001 - its scenarios() will then fail and be reported
                    print(f"! {module.__name__}.reuse() failed: {exc!r}", flush=True)
    # Fresh statistics, so the planner sees the seeded volume, and no dead rows from the
    # seeding's updates in the way (autovacuum's steady state in production).
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    connection.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    cmd = [
        str(gunicorn),
        "friendlystreet.wsgi",
        "--config",
        str(GUNICORN_CONFIG),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--chdir",
        str(ROOT),
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)  # noqa: S603 - a fixed command
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("gunicorn exited at start-up; run it by hand to see why: " + " ".join(cmd))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    stop(proc)
    sys.exit("gunicorn did not start listening within 30 s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


# --- load ---------------------------------------------------------------------------------


def check(url: str, cookie: str, expect: int) -> None:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 - http://127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own local server
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    if status != expect:
        raise SystemExit(f"{url} answered {status}, expected {expect}: fix the scenario before measuring it")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        return float("nan")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> tuple[float, float, float, int, int]:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        # A "read" error is gunicorn's sync worker closing a connection wrk kept alive (no
        # keep-alive there): wrk reconnects, nothing failed. Connect/write/timeout errors count.
        connect, _read, write, timeout = (int(x) for x in socket_errors.groups())
        errors += connect + write + timeout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return rps, p50, p99, errors, requests


def run_wrk(url: str, cookie: str, duration: int, script: str = "") -> str:
    cmd = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    if script:
        cmd += ["-s", str(ROOT / "bench" / "wrk" / script)]
    return subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout  # noqa: S603 - a fixed command


def measure(base: str, scenarios, duration: int, warmup: int, rounds: int) -> list[Result]:
    """Each page is measured in `rounds` short slices, each right after a slice of the
    ceiling of the same length, and quoted as the ratio of the two totals.

    Why interleave: on a shared machine the load drifts by a factor of several within a
    minute (other processes, PostgreSQL's background work); a ceiling measured once, or
    even just before, mostly measures that drift. Slices a few seconds apart see the same
    load. req/s is the page's mean over its slices; p50 is the median of the slices' p50
    and p99 the worst slice's p99.
    """
    ceiling = next(s for s in scenarios if s.ceiling)
    ceiling_url = base + ceiling.path
    check(ceiling_url, ceiling.cookie, ceiling.expect_status)
    run_wrk(ceiling_url, "", warmup or 1)
    slice_s = max(2, round(duration / rounds))
    results = []
    ceiling_slices = []
    for s in scenarios:
        if s.ceiling:
            continue
        url = base + s.path
        check(base + (s.check_path or s.path), s.cookie, s.expect_status)
        if warmup:
            run_wrk(url, s.cookie, warmup, s.script)  # caches, connections, the planner's plans
        page, reference = [], []
        for _ in range(rounds):
            reference.append(parse_wrk(run_wrk(ceiling_url, "", slice_s)))
            page.append(parse_wrk(run_wrk(url, s.cookie, slice_s, s.script)))
        ceiling_slices += reference
        rps = statistics.fmean(p[0] for p in page)
        ref = statistics.fmean(r[0] for r in reference)
        p50 = statistics.median(p[1] for p in page)
        p99 = max(p[2] for p in page)
        errors = sum(p[3] for p in page)
        requests = sum(p[4] for p in page)
        results.append(Result(s.name, s.path, rps, p50, p99, errors, requests, s.target, False, s.script, ref))
        print(
            f"  {s.name:<48} {rps:>8.1f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  errors {errors}"
            f"  (ceiling alongside: {ref:.0f} req/s, ratio {rps / ref:.2f})",
            flush=True,
        )
    # The ceiling's own row: all its slices together.
    rps = statistics.fmean(r[0] for r in ceiling_slices)
    results.insert(
        0,
        Result(
            ceiling.name,
            ceiling.path,
            rps,
            statistics.median(r[1] for r in ceiling_slices),
            max(r[2] for r in ceiling_slices),
            sum(r[3] for r in ceiling_slices),
            sum(r[4] for r in ceiling_slices),
            False,
            True,
            "",
            rps,
        ),
    )
    return results


# --- report -------------------------------------------------------------------------------


def table(results: list[Result]) -> str:
    lines = [
        "| scenario | path | req/s | p50 (ms) | p99 (ms) | errors | ceiling alongside (req/s) | ratio to ceiling |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = r.rps / r.reference_rps if r.reference_rps else float("nan")
        flag = ""
        if r.target and ratio < r.target:
            flag = f" ⚠ below {r.target}"
        path = f"`{r.path}`" + (f" (+ `bench/wrk/{r.script}`)" if r.script else "")
        numbers = f"{r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.errors} | {r.reference_rps:,.0f} | {ratio:.2f}{flag}"
        lines.append(f"| {r.name} | {path} | {numbers} |")
    return "\n".join(lines)


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import django

    return (
        f"{os.cpu_count()} CPU ({cpu or platform.processor()}), Python {platform.python_version()}, "
        f"Django {django.get_version()}, PostgreSQL on 127.0.0.1; gunicorn {WORKERS} sync workers; "
        f"wrk {THREADS} threads, {CONNECTIONS} connections, on the same machine"
    )


def _git(*args: str) -> str | None:
    """A git command's output in this checkout; None where git or .git is missing."""
    try:
        return subprocess.run(  # noqa: S603 - fixed commands
            ["git", "-C", str(ROOT), *args],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def commit_text() -> str:
    """ ", commit abc1234" when known (BENCH_COMMIT, or git; a `git archive` copy has no .git)."""
    commit = os.environ.get("BENCH_COMMIT", "") or (_git("rev-parse", "--short", "HEAD") or "").strip()
    if not commit:
        return ""
    dirty = bool((_git("status", "--porcelain", "--untracked-files=no") or "").strip())
    return f", commit {commit}" + (" plus uncommitted changes" if dirty else "")


def write_doc(results: list[Result], modules, exports: list[dict]) -> None:
    """Replace the "Latest run" section of docs/benchmarks.md; the method and the notes
    around it are written by hand."""
    now = datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M %Z")
    seeded = (
        "; ".join(f"{m.__name__.rsplit('.', 1)[-1]}: {m.DESCRIPTION}" for m in modules if getattr(m, "DESCRIPTION", ""))
        or "the demo data only"
    )
    section = f"""## Latest run: {now}{commit_text()}

{machine()}. Seeded volume (large seed): {seeded}.

{table(results)}

{exports_bench.table(exports)}

Errors are non-2xx/3xx responses plus connect, write and timeout socket errors (wrk's
"read" errors are gunicorn's sync workers closing connections wrk would keep alive; wrk
reconnects and nothing fails).
"""
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    start = text.find("\n## Latest run")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[: start + 1] + section + (text[end:] if end != -1 else "")
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text)


def write_results(target: Target, results: list[Result], only: str) -> Path:
    path = results_file(target.scale)
    data = {
        "scale": target.scale,
        "database": urlparse(target.db_url).path.lstrip("/"),
        "when": datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M %Z"),
        "commit": commit_text().removeprefix(", commit "),
        "only": only,
        "results": [asdict(r) for r in results],
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    return path


def compare() -> None:
    """Print each rider page's p50 on the large seed against the small seed's."""
    runs = {}
    for scale in ("large", "small"):
        path = results_file(scale)
        if not path.exists():
            sys.exit(f"{path.relative_to(ROOT)} is missing: run bench/run.py --scale {scale} first")
        runs[scale] = json.loads(path.read_text())
    large, small = ({r["name"]: r for r in runs[s]["results"]} for s in ("large", "small"))
    for scale, run in runs.items():
        print(
            f"{scale}: {run['when']}, {run['database']}{', commit ' + run['commit'] if run['commit'] else ''}"
            f"{', only ' + repr(run['only']) if run['only'] else ''}"
        )
    ceiling = next((name for name, r in large.items() if r["ceiling"]), None)
    if ceiling in small:
        # Both runs' ceilings: if they differ much, the machine's load changed between the runs.
        print(f"ceiling p50: large {large[ceiling]['p50_ms']:.1f} ms, small {small[ceiling]['p50_ms']:.1f} ms")
    print()
    print("| page (held to a target) | p50 small (ms) | p50 large (ms) | large ÷ small | ratio to ceiling, small | large |")
    print("|---|---:|---:|---:|---:|---:|")
    slow, missing = [], []
    for name, r in large.items():
        if r["ceiling"] or not r["target"]:
            continue
        if name not in small:
            missing.append(name)
            continue
        s = small[name]
        slowdown = r["p50_ms"] / s["p50_ms"] if s["p50_ms"] else float("nan")
        flag = f" ⚠ > {MAX_SLOWDOWN}" if slowdown > MAX_SLOWDOWN else ""
        if flag:
            slow.append(name)
        print(
            f"| {name} | {s['p50_ms']:.1f} | {r['p50_ms']:.1f} | {slowdown:.2f}{flag} "
            f"| {s['rps'] / s['reference_rps']:.2f} | {r['rps'] / r['reference_rps']:.2f} |"
        )
    if missing:
        print(f"\nMeasured on the large seed only: {', '.join(missing)}")
    print(f"\nOver {MAX_SLOWDOWN}x: {', '.join(slow) or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse-db", action="store_true", help="keep the bench database from the last run")
    parser.add_argument("--only", default="", help="run only scenarios whose name contains this (and the ceiling)")
    parser.add_argument(
        "--scale",
        choices=sorted(SCALES),
        default=os.environ.get("BENCH_SCALE", "large"),
        help="the seed's volume: large (default) or small (about 1/20, in a database of its own)",
    )
    parser.add_argument("--compare", action="store_true", help="print the last large and small runs' rider pages side by side")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    args = parser.parse_args()
    if args.compare:
        compare()
        return

    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk (or brew install wrk)")
    duration = int(os.environ.get("BENCH_DURATION", "10"))
    warmup = int(os.environ.get("BENCH_WARMUP", "2"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "4"))
    target = Target.for_scale(args.scale)

    from bench.scenarios import Context

    ctx = Context(scale=SCALES[args.scale], workdir=target.workdir)
    prepare(target, args.reuse_db, ctx)
    # The whole ledger exported, CSV and XLSX (bench/exports.py): rows named "ledger export".
    exports = exports_bench.report(production_env(target)) if not args.only or args.only in EXPORT_ROWS else []
    modules = load_app_modules()
    scenarios, broken = [], []
    for module in modules:
        if not hasattr(module, "scenarios"):
            continue
        try:
            scenarios += module.scenarios(ctx)
        except Exception as exc:  # noqa: BLE001 - one app's broken bench must not hide the others'
            broken.append(f"{module.__name__}: {exc!r}")
            print(f"! {module.__name__}.scenarios() failed, its pages are left out: {exc!r}", flush=True)
    if args.only:
        scenarios = [s for s in scenarios if s.ceiling or args.only in s.name]
    from django.db import connections

    connections.close_all()
    if all(s.ceiling for s in scenarios):  # --only export: no page to load
        return

    env = production_env(target)
    port = free_port()
    print(f"· gunicorn on 127.0.0.1:{port} ({WORKERS} workers); wrk -t{THREADS} -c{CONNECTIONS} -d{duration}s", flush=True)
    proc = start_gunicorn(env, port)
    try:
        results = measure(f"http://127.0.0.1:{port}", scenarios, duration, warmup, rounds)
    finally:
        stop(proc)

    print()
    print(table(results))
    print(f"\nNumbers in {write_results(target, results, args.only).relative_to(ROOT)}")
    # The latest table is a full run on the large seed; a partial or small one would replace it.
    if not args.no_doc and args.scale == "large" and not args.only:
        write_doc(results, modules, exports)
        print(f"Recorded in {DOC.relative_to(ROOT)}")
    below = [r.name for r in results if r.target and r.rps / r.reference_rps < r.target]
    errors = [r.name for r in results if r.errors]
    if below or errors:
        print(f"\nBelow their target ratio: {below or 'none'}; with errors: {errors or 'none'}")
    if broken:
        print("\nLeft out (scenarios() failed): " + "; ".join(broken))
        sys.exit(1)


if __name__ == "__main__":
    main()
