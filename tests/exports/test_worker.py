"""With a broker: the request only queues the export (202 at once), a real Celery worker on
PostgreSQL and Redis writes it, the page's poll sees it finish, and its owner downloads it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

from friendlystreet.ledgers.models import Export
from tests.conftest import port_open, require
from tests.exports.conftest import local, read_rows
from tests.notifications.conftest import BROKER_URL, REPO, Worker, celery_app_on, database_url_of_this_test


@pytest.fixture
def export_worker(transactional_db, tmp_path):
    """A `celery worker --pool=solo` on this test's PostgreSQL database, a Redis queue of its
    own and this test process's MEDIA_ROOT; tasks sent from the test go to it."""
    from urllib.parse import urlparse

    import redis
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a worker needs the test database in PostgreSQL (set DATABASE_URL)")
    parsed = urlparse(BROKER_URL)
    require(port_open(parsed.hostname or "127.0.0.1", parsed.port or 6379), f"Redis is not running at {BROKER_URL}")
    queue = f"fs-test-exports-{uuid.uuid4().hex[:12]}"
    logfile = tmp_path / f"{queue}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.exports.worker_settings",
        "DATABASE_URL": database_url_of_this_test(),
        "CELERY_BROKER_URL": BROKER_URL,
        "NOTIFICATIONS_TEST_QUEUE": queue,
        "EXPORTS_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DEBUG": "True",
        "PYTHONPATH": str(REPO),
    }
    process = subprocess.Popen(  # noqa: S603 - a fixed command
        [
            sys.executable, "-m", "celery", "-A", "friendlystreet", "worker", "--pool=solo", "-Q", queue,
            "-n", f"{queue}@%h", "-l", "info", f"--logfile={logfile}", "--without-mingle", "--without-gossip",
            "--without-heartbeat",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = Worker(process, logfile, queue)
    try:
        worker.wait_for(lambda: " ready." in worker.log(), timeout=30, what="the worker to be ready")
        with celery_app_on(BROKER_URL, queue):
            yield worker
    finally:
        worker.stop()
        r = redis.Redis.from_url(BROKER_URL)
        with contextlib.suppress(redis.RedisError):
            r.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        r.close()


def test_a_real_worker_writes_the_export_and_its_owner_downloads_it(export_worker, api_for, client_for):
    from tests.exports.test_each_kind import adjust_at
    from tests.factories import ReviewerFactory, RiderFactory, StreetAdminFactory

    reviewer, admin, rider = ReviewerFactory(), StreetAdminFactory(), RiderFactory()
    for day in range(1, 8):
        adjust_at(rider, admin, local(2025, 3, day, 12, 0), 10)

    response = api_for(reviewer).post(
        "/api/v1/staff/exports/", {"kind": "ledger", "format": "xlsx", "start": "2025-03-01", "end": "2025-03-31"}, format="json"
    )

    assert response.status_code == 202
    assert response.json()["status"] == "queued"  # the request did not write it
    url = f"/api/v1/staff/exports/{response.json()['id']}/"
    detail = export_worker.wait_for(
        lambda: (d := api_for(reviewer).get(url).json())["status"] == "done" and d, what="the export to be written"
    )
    assert (detail["progress"], detail["rows"]) == (100, 7)
    assert api_for(admin).get(detail["download_url"]).status_code == 404
    export = Export.objects.get()
    rows = read_rows(export)
    points = next(i for i, heading in enumerate(rows[0]) if heading in ("积分", "Points"))  # by name: columns move
    assert [r[points] for r in rows[1:]] == [10] * 7
    assert client_for(reviewer).get(f"/staff/exports/{export.pk}/download/").status_code == 200
