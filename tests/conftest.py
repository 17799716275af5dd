"""Shared fixtures: the personas of our stories, and guards for tests that need services.

Personas: `rider` and `other_rider`, `reviewer`, `street_admin`, `merchant_a` and
`merchant_b` (partner operators; the venues tests attach them to venues A and B).
"""

from __future__ import annotations

import os
import shutil
import socket

import pytest
from pytest_django.plugin import pytest_collection_modifyitems as django_order

from tests.factories import (
    PartnerFactory,
    ReviewerFactory,
    RiderFactory,
    StreetAdminFactory,
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM would refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = "/usr/bin/chromium"


def require(condition: bool, why: str) -> None:
    """Skip when a service is missing on a developer's machine; fail under CI=true."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {why}", pytrace=False)
    pytest.skip(why)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: cached users, rate-limit counters and venue
    pages are keyed by ids, and ids repeat across tests on SQLite."""
    from django.conf import settings
    from django.core.cache import caches

    for name in settings.CACHES:
        caches[name].clear()
    yield
    for name in settings.CACHES:
        caches[name].clear()


@pytest.fixture(autouse=True)
def _browser_contexts_closed(request):
    """A browser story's own phones and desks (browser.new_context(), e.g. venue_pages.phone)
    close with the story. Left open, their pages ran their timers (maps, polling, countdowns)
    for the rest of the run on the one session browser: over 300 renderer processes by the end,
    which made the whole suite about twice as slow."""
    browser = request.getfixturevalue("browser") if "browser" in request.fixturenames else None
    yield
    if browser is not None:
        for context in list(browser.contexts):
            context.close()


@pytest.fixture
def rider(db):
    return RiderFactory(display_name="张小骑")


@pytest.fixture
def other_rider(db):
    return RiderFactory(display_name="李另一")


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(display_name="审核员")


@pytest.fixture
def street_admin(db):
    return StreetAdminFactory(display_name="管理员")


@pytest.fixture
def merchant_a(db):
    return PartnerFactory(display_name="商家甲")


@pytest.fixture
def merchant_b(db):
    return PartnerFactory(display_name="商家乙")


@pytest.fixture
def superuser(db):
    """The system administrator of the Django admin (/admin/), above every role."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(username="root", password="x-long-password-1", display_name="系统管理员")


@pytest.fixture
def root(client_for, superuser):
    """The Django admin's test client, signed in as the superuser."""
    return client_for(superuser)


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client signed in as that user (None: anonymous)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture
def api_for():
    """api_for(user) → a DRF APIClient signed in (by session) as that user."""
    from rest_framework.test import APIClient

    def make(user):
        c = APIClient()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(bool(shutil.which(CHROMIUM)), "Chromium is not installed (apt-get install -y chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def postgres_db(transactional_db):
    """For concurrency tests: SQLite ignores select_for_update, so they need PostgreSQL."""
    from django.db import connection

    # Skipped (even under CI) on the SQLite run: .ci/run runs the suite again on PostgreSQL.
    if connection.vendor != "postgresql":
        pytest.skip("this test needs PostgreSQL (set DATABASE_URL); .ci/run runs it there")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A rider's phone in Chengdu: Chinese, Beijing time.
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def within_one_minute():
    """For tests that count across requests within a clock minute: cached public pages are
    keyed by the minute ("open now" changes with it), and so are the per-minute rate
    limits, so such a test must not straddle one. Waits out the last five seconds of a
    minute (rarely). Five seconds: on a busy machine (make test runs two processes on two
    cores) a test with a few thousand rows has taken more than two."""
    import time

    second = time.time() % 60
    if second > 55:
        time.sleep(60.05 - second)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Every test that drives Chromium (Playwright's `page`) is a `browser` test, marked or
    not: .ci/run runs them once, on SQLite, and leaves them out of the PostgreSQL run.

    And the transactional tests (live server, transaction=True) run after all the others:
    each one empties the tables when it ends, the rows the migrations seed (the system rules,
    the categories) included. pytest's own reordering of tests by a parametrized session
    fixture ([chromium]) runs after pytest-django's sort and could put ordinary tests behind
    them, so pytest-django's sort (stable) runs once more after every plugin's."""
    for item in items:  # before -m selects by marker
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    result = yield
    django_order(items)
    return result
