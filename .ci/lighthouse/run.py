"""Lighthouse (mobile) on the landing, venue list, catalogue and voucher pages (issue 18).

Run by `make a11y` after `npm ci` here. The site is served as production serves it: gunicorn,
DEBUG off, static files hashed and compressed by whitenoise (collectstatic), on a throwaway
SQLite database with the demo data. The voucher page is a rider's: their session cookie goes
in Lighthouse's --extra-headers (with X-Forwarded-Proto: https, as the proxy sends it).
Map tiles are stubbed: MAP_TILE_URL points at a blank 256 px tile of our own, so no page waits
for AMap and "transferred" counts the page, not the tiles.

Prints the scores and kilobytes of each page; exits 1 if any is under its threshold.
LIGHTHOUSE_KEEP=dir keeps the JSON reports there.
"""

# Our own commands on our own local server: no untrusted input reaches a process or a URL.
# ruff: noqa: S603, S607, S310

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PY = str(ROOT / ".venv/bin/python")
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
THRESHOLDS = {"accessibility": 0.95, "best-practices": 0.95, "performance": 0.9}
MAX_KB = 150  # transferred, map tiles left out
TILE = "lighthouse-tile.png"


def blank_tile() -> bytes:
    """A 256 × 256 light-grey PNG, built here (no image library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    rows = b"".join(b"\0" + b"\xee" * 256 for _ in range(256))  # filter 0, one grey byte a pixel
    header = (256).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str, capture: bool = False) -> str:
    out = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture)
    return out.stdout if capture else ""


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="fs-lighthouse-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    static_root = work / "static"
    env = {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": f"lighthouse-{time.time()}-a-long-random-enough-secret-key-for-the-run",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{work}/db.sqlite3",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(work / "media"),
        "SMS_BACKEND": "outbox",
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
        # The stub tile, on our own origin (CSP's img-src 'self' allows it).
        "MAP_TILE_URL": f"{base}/static/{TILE}?{{z}}/{{x}}/{{y}}",
        "MAP_TILE_SUBDOMAINS": "",
        "LOG_LEVEL": "WARNING",
    }
    server = None
    try:
        manage(env, "migrate", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        (static_root / TILE).write_bytes(blank_tile())
        manage(env, "seed_demo", "--force", capture=True)
        # The rider's session and one of their unused vouchers.
        found = manage(
            env,
            "shell",
            "-v",
            "0",
            "-c",
            "from django.conf import settings\n"
            "from django.contrib.auth import get_user_model\n"
            "from django.test import Client\n"
            "from points.models import Voucher\n"
            "rider = get_user_model().objects.get(username='rider13800000001')\n"
            "c = Client()\n"
            "c.force_login(rider)\n"
            "v = Voucher.objects.filter(rider=rider, status='issued').first()\n"
            "print(settings.SESSION_COOKIE_NAME, c.session.session_key, v.code)\n",
            capture=True,
        )
        cookie_name, session, code = found.split()
        gunicorn = [str(ROOT / ".venv/bin/gunicorn"), "friendlystreet.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"]
        server = subprocess.Popen([*gunicorn, "--log-level", "warning"], cwd=ROOT, env=env)
        wait_for(base)
        pages = [
            ("landing", "/", False),
            ("venue list", "/venues/", False),
            ("catalogue", "/rewards/", False),
            ("voucher", f"/vouchers/{code}/", True),
        ]
        failures = []
        print(f"{'page':<12} {'performance':>11} {'accessibility':>13} {'best practices':>14} {'KB':>6}")
        for name, path, signed_in in pages:
            headers = {"X-Forwarded-Proto": "https"}
            if signed_in:
                headers["Cookie"] = f"{cookie_name}={session}"
            report = lighthouse(base + path, headers, work / f"{name.replace(' ', '-')}.json")
            if (report["categories"]["performance"]["score"] or 0) < THRESHOLDS["performance"]:
                report = median_of_three(report, base + path, headers, work / f"{name.replace(' ', '-')}")
            scores = {key: report["categories"][key]["score"] for key in THRESHOLDS}
            kb = transferred_before_tiles(report) / 1024
            print(
                f"{name:<12} {scores['performance']:>11.2f} {scores['accessibility']:>13.2f}"
                f" {scores['best-practices']:>14.2f} {kb:>6.0f}"
            )
            for key, least in THRESHOLDS.items():
                if scores[key] is None or scores[key] < least:
                    failures.append(f"{name} ({path}): {key} {scores[key]} < {least}; {failing_audits(report, key)}")
            if kb > MAX_KB:
                failures.append(f"{name} ({path}): {kb:.0f} KB transferred > {MAX_KB} KB")
        if os.environ.get("LIGHTHOUSE_KEEP"):
            keep = Path(os.environ["LIGHTHOUSE_KEEP"])
            keep.mkdir(parents=True, exist_ok=True)
            for report in work.glob("*.json"):
                shutil.copy(report, keep)
        for failure in failures:
            print("FAIL", failure)
        return 1 if failures else 0
    finally:
        if server:
            server.terminate()
            server.wait(10)
        shutil.rmtree(work, ignore_errors=True)


def wait_for(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(urllib.request.Request(base + "/", headers={"X-Forwarded-Proto": "https"}), timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on {base}")


# Lighthouse sometimes fails to record a trace of the load (NO_NAVSTART, "Please run
# Lighthouse again"): a fault of the measurement, not of the page. It is run again then.
ATTEMPTS = 3


def lighthouse(url: str, headers: dict, out: Path) -> dict:
    for attempt in range(1, ATTEMPTS + 1):
        done = subprocess.run(_lighthouse_command(url, headers, out), env={**os.environ, "CHROME_PATH": CHROME})
        if done.returncode == 0:
            return json.loads(out.read_text())
        print(f"lighthouse failed on {url} (attempt {attempt} of {ATTEMPTS})", file=sys.stderr)
    raise SystemExit(f"lighthouse could not measure {url} in {ATTEMPTS} attempts")


def median_of_three(first: dict, url: str, headers: dict, stem: Path) -> dict:
    """The report whose performance is the median of three runs.

    Performance (total blocking time above all) moves with the machine's load: on CI, right
    after the suite, one run of the venue list scored 0.84 and the next 0.99. Lighthouse's own
    advice on variance is the median of several runs; only a page that misses once pays for two more.
    """
    reports = [first] + [lighthouse(url, headers, stem.with_name(f"{stem.name}-{n}.json")) for n in (2, 3)]
    return sorted(reports, key=lambda r: r["categories"]["performance"]["score"] or 0)[1]


def _lighthouse_command(url: str, headers: dict, out: Path) -> list[str]:
    return [
        "node",
        str(HERE / "node_modules/lighthouse/cli/index.js"),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--extra-headers={json.dumps(headers)}",
    ]


def transferred_before_tiles(report: dict) -> int:
    """Bytes over the wire (compressed, headers included) for everything but the map tiles."""
    requests = report["audits"]["network-requests"]["details"]["items"]
    return sum(r.get("transferSize") or 0 for r in requests if TILE not in r["url"])


def failing_audits(report: dict, category: str) -> str:
    """The audits that cost the category points, by what they weigh."""
    refs = report["categories"][category]["auditRefs"]
    bad = [
        f"{ref['id']} ({report['audits'][ref['id']]['score']})"
        for ref in sorted(refs, key=lambda r: -r["weight"])
        if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 0.9
    ]
    return "failing: " + ", ".join(bad) if bad else "no single audit failing"


if __name__ == "__main__":
    sys.exit(main())
