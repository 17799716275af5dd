"""Time one page in-process against the bench database, without wrk or gunicorn: the
quickest way to see where a page's time goes before and after a change.

    .venv/bin/python bench/profile_page.py /points/ --as 13800000001
    .venv/bin/python bench/profile_page.py /api/v1/claims/ --as 13800000001 --profile
    .venv/bin/python bench/profile_page.py /bench/ceiling/
    .venv/bin/python bench/profile_page.py /api/v1/rewards/61/redeem/ --post --token KEY -n 50
    .venv/bin/python bench/profile_page.py /api/v1/merchant/vouchers/{code}/redeem/ --post --token KEY --codes FILE

With --codes, each request takes the next line of FILE for {code} in the path (the merchant
confirm uses a voucher once; `make bench` leaves such a file, rewards/codes.txt in the bench
database's directory under /tmp; it is read from its end backwards so that the next
`make bench --reuse-db` still finds fresh codes at the start).

It calls the WSGI application directly (the same settings as `make bench`: production,
the bench database of the last `make bench`, or of `--scale small`), prints the best mean
of a few rounds, the queries of one request and, with --profile, the functions that cost
the most.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import SCALES, Target, production_env  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--as", dest="login", default="", help="a username or phone to sign in as")
    parser.add_argument("-n", type=int, default=200, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--statements", type=int, default=0, help="time each statement over this many requests")
    parser.add_argument("--dump", default="", help="with --profile: also save the profile here (for pstats)")
    parser.add_argument("--post", action="store_true", help="POST (an empty body) instead of GET")
    parser.add_argument("--random-near", action="store_true", help="add a random near= (as bench/wrk/random_near.lua)")
    parser.add_argument("--token", default="", help="an app session token (X-Session-Token); @FILE: one per line, in turn")
    parser.add_argument("--codes", default="", help="a file of voucher codes, one per request, for {code} in the path")
    parser.add_argument("--scale", choices=sorted(SCALES), default=os.environ.get("BENCH_SCALE", "large"))
    args = parser.parse_args()

    os.environ.update(production_env(Target.for_scale(args.scale)))
    # As bench/apps/rewards.py: the merchant's look-up limit would refuse a profiling run.
    os.environ.setdefault("POINTS_VOUCHER_LOOKUPS_PER_MINUTE", "100000000")
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.scenarios import Context

    app = get_wsgi_application()
    cookie = Context().login_cookie(args.login) if args.login else ""
    path, _, query = args.path.partition("?")
    codes = Path(args.codes).read_text().split() if args.codes else []
    tokens = itertools.cycle(Path(args.token[1:]).read_text().split() if args.token.startswith("@") else [args.token])

    def next_code() -> str:
        if not codes:
            sys.exit(f"{args.codes} has too few codes for this run: -n {args.n} needs {2 + args.n * (args.rounds + 1)}")
        return codes.pop()

    import random

    def call():
        qs = query
        if args.random_near:
            near = f"near={30.6035 + (random.random() - 0.5) * 0.1:.5f},{104.1262 + (random.random() - 0.5) * 0.12:.5f}"
            qs = f"{qs}&{near}" if qs else near
        environ = {
            "REQUEST_METHOD": "POST" if args.post else "GET",
            "PATH_INFO": path.replace("{code}", next_code()) if args.codes else path,
            "QUERY_STRING": qs,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie,
            **({"HTTP_X_SESSION_TOKEN": next(tokens)} if args.token else {}),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        status = []
        body = b"".join(app(environ, lambda s, h, *a: status.append(s)))
        return status[0], body

    status, body = call()
    print(f"{args.path}: {status}, {len(body):,} bytes")
    with CaptureQueriesContext(connection) as queries:
        call()
    print(f"{len(queries)} queries:")
    for q in queries:
        print(f"  {q['time']}s  {q['sql'][:160]}")
    if args.statements:
        timed: dict[int, list[float]] = {}

        def timing(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timed.setdefault(len(current), []).append(time.perf_counter() - started)
                current.append(sql)

        for _ in range(args.statements):
            current: list[str] = []
            with connection.execute_wrapper(timing):
                call()
        print(f"median time of each statement over {args.statements} requests:")
        for i, times in sorted(timed.items()):
            print(f"  #{i + 1}: {sorted(times)[len(times) // 2] * 1000:.3f} ms")
    best = best_cpu = float("inf")
    for _ in range(args.rounds):
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.n):
            call()
        best = min(best, (time.perf_counter() - started) / args.n)
        best_cpu = min(best_cpu, (time.process_time() - cpu) / args.n)
    in_process = f"{best_cpu * 1000:.2f} ms of it in this process"
    print(f"best mean of {args.rounds} x {args.n}: {best * 1000:.2f} ms per request ({in_process})")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.n):
            call()
        profiler.disable()
        if args.dump:
            profiler.dump_stats(args.dump)
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
