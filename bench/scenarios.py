"""What the benchmark loads, contributed by each app.

Each module in bench/apps/ may define:

    ORDER = 50                      # seeding and listing order (core 0, venues 10, points 20, …)
    DESCRIPTION = "2,000 venues"    # what seed() adds on the large seed, for docs/benchmarks.md

    def seed(ctx: Context) -> None:  # add volume to the bench database (runs once, after seed_demo)
        for n in range(ctx.scaled(2000)): ...   # volume scales with --scale (see Context)
        ctx.data["venue_id"] = ...   # remember what scenarios need

    def reuse(ctx: Context) -> None:  # with --reuse-db: find what seed() would have stored
        ctx.data["venue_id"] = ...

    def scenarios(ctx: Context) -> list[Scenario]:
        return [Scenario("venue page", f"/venues/{ctx.data['venue_id']}/", target=PUBLIC)]

A scenario that needs a signed-in user passes `cookie=ctx.login_cookie("13800000001")`
(a demo rider's username or phone). `target` is the ratio to the ceiling a page is held to
(RIDER, PUBLIC, WRITE below; 0 for none); `ceiling=True` marks the reference (exactly one
scenario, in core). `script` names a wrk Lua script in bench/wrk/ that changes each request
(random_near.lua varies the location, so no cache can answer). Files a script reads go
under `ctx.workdir`, which belongs to one bench database, so runs at two scales (or of two
checkouts) never read each other's tokens or codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Targets, as ratios to the one-query ceiling measured alongside (issue 13).
RIDER = 0.4  # signed-in rider pages and APIs
PUBLIC = 0.6  # pages and APIs anyone may see
WRITE = 0.15  # redeem and the merchant's confirm: a few audited writes and a commit each

# The small seed is about 1/20 of the large one's volume: the page of a rider whose own rows
# are the same on both may take at most 1.5x as long on the large seed (`run.py --compare`).
SCALES = {"large": 1.0, "small": 0.05}


@dataclass
class Scenario:
    name: str
    path: str
    cookie: str = ""
    target: float = RIDER  # the ratio to the ceiling this page is held to (0: none)
    ceiling: bool = False
    expect_status: int = 200
    script: str = ""  # a wrk Lua script in bench/wrk/ that varies the requests
    check_path: str = ""  # what to fetch once before loading (default: path)


@dataclass
class Context:
    scale: float = 1.0
    workdir: Path = field(default_factory=lambda: Path("/tmp/friendlystreet-bench"))  # noqa: S108 - run.py sets it
    base_url: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def scaled(self, n: int, floor: int = 1) -> int:
        """`n` (the large seed's count) at this run's scale, never below `floor`: what the load
        itself uses up (codes to confirm, riders taking turns) must not run out on the small seed."""
        return max(floor, round(n * self.scale))

    def login_cookie(self, login: str) -> str:
        """The cookies of a browser signed in as a user (by username or phone): a session made
        with the configured engine, and the CSRF cookie the sign-in form left, which a browser
        sends back (without it every page with a form makes and sets a new one)."""
        from importlib import import_module

        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
        from django.utils.crypto import get_random_string

        User = get_user_model()
        user = User.objects.filter(username=login).first() or User.objects.get(phone__endswith=login[-11:])
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        # An unmasked CSRF secret: 32 letters and digits, as Django's own.
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={get_random_string(32)}"
