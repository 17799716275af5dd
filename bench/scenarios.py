"""What the benchmark loads, contributed by each app.

Each module in bench/apps/ may define:

    ORDER = 50                      # seeding and listing order (core 0, venues 10, points 20, …)
    DESCRIPTION = "2,000 venues"    # what seed() adds, for docs/benchmarks.md

    def seed(ctx: Context) -> None:  # add volume to the bench database (runs once, after seed_demo)
        ctx.data["venue_id"] = ...   # remember what scenarios need

    def reuse(ctx: Context) -> None:  # with --reuse-db: find what seed() would have stored
        ctx.data["venue_id"] = ...

    def scenarios(ctx: Context) -> list[Scenario]:
        return [Scenario("venue page", f"/venues/{ctx.data['venue_id']}/")]

A scenario that needs a signed-in user passes `cookie=ctx.login_cookie("13800000001")`
(a demo rider's username or phone). `target` is the ratio to the ceiling a page is held to
(0.5 for rider pages, 0.3 for the redeem and confirm endpoints; 0 for none);
`ceiling=True` marks the reference (exactly one scenario, in core). `script` names a wrk
Lua script in bench/wrk/ that changes each request (random_near.lua varies the location,
so caches cannot answer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Scenario:
    name: str
    path: str
    cookie: str = ""
    target: float = 0.5  # the ratio to the ceiling this page is held to (0: none)
    ceiling: bool = False
    expect_status: int = 200
    script: str = ""  # a wrk Lua script in bench/wrk/ that varies the requests
    check_path: str = ""  # what to fetch once before loading (default: path)


@dataclass
class Context:
    base_url: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def login_cookie(self, login: str) -> str:
        """The cookies of a browser signed in as a user (by username or phone): the session,
        made in the bench database, and the CSRF cookie the sign-in form left, which a
        browser sends back (without it every page with a form makes and sets a new one)."""
        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
        from django.contrib.sessions.backends.db import SessionStore

        User = get_user_model()
        user = User.objects.filter(username=login).first() or User.objects.get(phone__endswith=login[-11:])
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        from django.middleware.csrf import _get_new_csrf_string

        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}"
