"""Points pages on the small seed (the demo) and on the large one (20,000 riders, 200,000
claims, 1,000,000 ledger entries), with claim submission, against the one-query ceiling.

    .venv/bin/python bench/points_compare.py            # both seeds, about 3 minutes
    .venv/bin/python bench/points_compare.py --reuse-db # keep the two databases of the last run

`make bench` (bench/run.py) measures the points pages on the large seed with every other
app's; this script adds what its GET-only loop cannot: the same pages on the small seed
(no page may take more than 1.5x its small-seed time on the large seed), and claim
submission (bench/wrk/points_claim.lua: a multipart POST with a photo, 1,000 riders in
turn, as in `make bench`).

Each scenario runs on the small seed, then at once on the large one, twice (BENCH_ROUNDS),
keeping the best of each: the two numbers of a pair see the same machine.
Results go to bench/points_results.md. Uses bench/run.py's helpers (gunicorn, wrk,
production settings); needs PostgreSQL and wrk.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    CONNECTIONS,
    THREADS,
    WORKERS,
    free_port,
    parse_wrk,
    production_env,
    recreate_database,
    run_wrk,
    start_gunicorn,
    stop,
)

BASE_URL = "postgres://friendlystreet:friendlystreet@127.0.0.1:5432/"
DATABASES = {"small": BASE_URL + "friendlystreet_bench_points_small", "large": BASE_URL + "friendlystreet_bench_points_large"}
# One Redis database each (and not make bench's): both servers run at once, with the same user ids.
REDIS = {"small": "redis://127.0.0.1:6379/6", "large": "redis://127.0.0.1:6379/7"}
MAX_SLOWDOWN = 1.5
TARGET_RATIO = 0.5
RESULTS = ROOT / "bench" / "points_results.md"
SUBMIT = "claim submission (POST, 1 photo)"

PAGES = [
    # name, path, who (cookie), held to the rider target
    ("passbook (rider)", "/points/", "rider", True),
    ("my claims API (rider)", "/api/v1/claims/", "rider", True),
    ("my ledger API (rider)", "/api/v1/me/ledger/", "rider", True),
    ("claim form (rider)", "/points/claims/new/", "rider", True),
    ("how to earn", "/points/how-to-earn/", "", True),
    ("review queue (staff)", "/staff/claims/", "reviewer", False),
    ("admin changelist, pending claims", "/admin/points/claim/?status__exact=pending", "admin", False),
    # Not a points page: the floor of any signed-in page (session, user, the shared layout).
    ("reference: home page, signed in", "/home/", "rider", False),
]


# --- preparing a database (runs in a child process: one Django set-up per database) -------------


def prepare(size: str, reuse: bool) -> None:
    db_url = DATABASES[size]
    os.environ.update(production_env(db_url, REDIS[size]))
    if not reuse:
        recreate_database(db_url)
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    cache.clear()
    from django.db import connection

    from bench.apps import points
    from bench.scenarios import Context

    ctx = Context()
    if not reuse:
        call_command("migrate", "--noinput", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        call_command("seed_demo", "--force", verbosity=0)
        if size == "large":
            started = time.monotonic()
            points.seed(ctx)  # creates the posters too
            print(f"· seeded the large points data in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
        else:
            points.create_posters()
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    cookies = {
        who: ctx.login_cookie(login) for who, login in (("rider", "13800000001"), ("reviewer", "reviewer"), ("admin", "admin"))
    }
    data = Path(tempfile.gettempdir()) / f"friendlystreet-bench-points-claim-{size}"
    cookies["poster"] = points.write_claim_data(ctx, data)
    json.dump({"cookies": cookies, "claim_data": str(data)}, sys.stdout)


# --- measuring --------------------------------------------------------------------------------


def one(base: str, path: str, cookie: str, duration: int, script: str = "") -> tuple[float, float, int]:
    rps, p50, _p99, errors, _n = parse_wrk(run_wrk(base + path, cookie, duration, script))
    return rps, p50, errors


def measure(infos: dict[str, dict], duration: int, warmup: int, rounds: int) -> dict[str, dict[str, tuple[float, float, int]]]:
    """Both seeds served at once; each scenario measured on the small seed, then at once on
    the large one, `rounds` times, keeping each one's best: the two numbers of a pair see
    the same machine (on a shared machine the load changes from minute to minute)."""
    servers = {}
    try:
        for size in infos:
            port = free_port()
            servers[size] = (start_gunicorn(production_env(DATABASES[size], REDIS[size]), port), f"http://127.0.0.1:{port}")
        results: dict[str, dict[str, tuple[float, float, int]]] = {size: {} for size in infos}
        scenarios = [("ceiling: one query", "/bench/ceiling/", "", False), *PAGES, (SUBMIT, "/api/v1/claims/", "poster", False)]
        for name, path, who, _target in scenarios:
            for _round in range(rounds):
                for size, info in infos.items():
                    base = servers[size][1]
                    cookie = info["cookies"].get(who, "")
                    script = ""
                    if name == SUBMIT:
                        os.environ["FS_POINTS_CLAIM_DATA"] = info["claim_data"]  # read by the Lua script
                        script = "points_claim.lua"
                    elif warmup:
                        run_wrk(base + path, cookie, warmup)
                    rps, p50, errors = one(base, path, cookie, duration, script)
                    best = results[size].get(name)
                    if best is None or rps > best[0]:
                        results[size][name] = (rps, p50, errors if best is None else max(errors, best[2]))
            for size in infos:
                rps, p50, errors = results[size][name]
                print(f"  {size:<5} {name:<36} {rps:8.1f} req/s  p50 {p50:7.1f} ms  errors {errors}", flush=True)
        return results
    finally:
        for proc, _base in servers.values():
            stop(proc)


def report(small: dict, large: dict, duration: int) -> str:
    ceiling_large = large["ceiling: one query"][0]
    lines = [
        "| scenario | small req/s | large req/s | large ÷ small time | large, ratio to ceiling | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    targets = {name: target for name, _p, _w, target in PAGES}
    problems = []
    for name in large:
        s_rps, _s50, s_err = small[name]
        l_rps, _l50, l_err = large[name]
        # Time per request scales as 1/throughput (the pair was measured back to back).
        slowdown = s_rps / l_rps if l_rps else float("inf")
        ratio = l_rps / ceiling_large
        flag = ""
        if name != "ceiling: one query" and slowdown > MAX_SLOWDOWN:
            flag += f" ⚠ > {MAX_SLOWDOWN}x"
            problems.append(name)
        if targets.get(name) and ratio < TARGET_RATIO:
            flag += " ⚠ below 0.5"
        lines.append(f"| {name} | {s_rps:,.0f} | {l_rps:,.0f} | {slowdown:.2f}{flag} | {ratio:.2f} | {s_err + l_err} |")
    queue, admin = large["review queue (staff)"][0], large["admin changelist, pending claims"][0]
    lines.append("")
    lines.append(
        f"Review queue vs the Django admin's changelist of the same pending claims (large seed): "
        f"{queue:,.0f} vs {admin:,.0f} req/s ({queue / admin:.1f}x)."
    )
    lines.append(
        f"wrk -t{THREADS} -c{CONNECTIONS} -d{duration}s per scenario, best of BENCH_ROUNDS rounds, small and large "
        f"measured back to back; gunicorn with {WORKERS} sync workers per seed; PostgreSQL."
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse-db", action="store_true")
    parser.add_argument("--prepare", choices=sorted(DATABASES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare, args.reuse_db)
        return
    duration = int(os.environ.get("BENCH_DURATION", "10"))
    warmup = int(os.environ.get("BENCH_WARMUP", "2"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "2"))
    infos = {}
    for size in ("small", "large"):
        print(f"· preparing the {size} seed", flush=True)
        child = [sys.executable, __file__, "--prepare", size] + (["--reuse-db"] if args.reuse_db else [])
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        out = subprocess.run(child, capture_output=True, text=True, cwd=ROOT, env=env)  # noqa: S603 - this very script
        if out.returncode:
            sys.exit(out.stderr)
        infos[size] = json.loads(out.stdout.strip().splitlines()[-1])
    results = measure(infos, duration, warmup, rounds)
    text = report(results["small"], results["large"], duration)
    print()
    print(text)
    RESULTS.write_text(
        "# Points: small seed vs large seed\n\n`.venv/bin/python bench/points_compare.py` "
        f"({time.strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()[0]:.1f} at the end: "
        "on a shared machine, read the pairs and the ratios, not the absolute numbers)\n\n" + text + "\n"
    )
    print(f"\nRecorded in {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
