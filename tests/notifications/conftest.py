"""Fixtures for notifications: a Celery app pointed at a real (or a dead) broker, a real
Celery worker started as a subprocess, and a record of the delivery tasks that ran."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from celery import Celery
from celery.signals import task_prerun

from friendlystreet.celery import app as project_app
from tests.conftest import port_open, require

REPO = Path(__file__).resolve().parents[2]
# A Redis database of its own, so tests never meet a developer's `make worker`; CI passes
# its broker in TEST_CELERY_BROKER_URL. Each worker also listens on a queue of its own.
BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/9")


@contextlib.contextmanager
def celery_app_on(broker_url: str, queue: str = "celery"):
    """Make tasks (notify()'s deliveries included) go to `broker_url` instead of running
    in-process, until the block ends. shared_task resolves to the *current* Celery app, so a
    second app configured like the project's and made current is all it takes."""
    app = Celery("friendlystreet-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=broker_url,
        task_always_eager=False,
        task_default_queue=queue,
        broker_connection_timeout=1,
        broker_connection_retry=False,
    )
    app.set_current()
    try:
        yield app
    finally:
        project_app.set_current()
        app.close()


@pytest.fixture
def delivery_task_runs():
    """The delivery ids that the (in-process) `deliver` task ran for, in order."""
    runs: list[int] = []

    def record(sender=None, args=None, **kwargs):
        if sender is not None and sender.name.endswith("notifications.tasks.deliver"):
            runs.append(args[0])

    task_prerun.connect(record, weak=False)
    yield runs
    task_prerun.disconnect(record)


def database_url_of_this_test() -> str:
    """The URL of the database this test runs on (pytest-django's test database)."""
    from django.db import connection

    s = connection.settings_dict
    auth = f"{quote(s['USER'] or '')}:{quote(s['PASSWORD'] or '')}@" if s["USER"] else ""
    return f"postgres://{auth}{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    def __init__(self, process: subprocess.Popen, logfile: Path, queue: str) -> None:
        self.process = process
        self.logfile = logfile
        self.queue = queue

    def log(self) -> str:
        return self.logfile.read_text(errors="replace") if self.logfile.exists() else ""

    def wait_for(self, condition, *, timeout: float = 15.0, what: str = "the worker"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = condition()
            if result:
                return result
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited ({self.process.returncode}):\n{self.log()[-3000:]}")
            time.sleep(0.1)
        pytest.fail(f"timed out after {timeout}s waiting for {what}; worker log:\n{self.log()[-3000:]}")

    def tasks_finished(self) -> int:
        log = self.log()
        return log.count(" succeeded in ") + log.count(" retry: ")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown: finish the task at hand
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@pytest.fixture
def celery_worker_factory(transactional_db, tmp_path):
    """start(sms_backend="outbox") → a real `celery worker --pool=solo` on this test's
    PostgreSQL database and a Redis queue of its own; the test's Celery app sends there.

    Needs PostgreSQL (the worker is another process: it must see the same database, which
    pytest-django's in-memory SQLite is not) and Redis. Skipped on the SQLite run (CI runs
    the suite again on PostgreSQL); a missing Redis fails under CI=true."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a worker needs the test database in PostgreSQL (set DATABASE_URL); .ci/run runs it there")
    parsed = urlparse(BROKER_URL)
    require(port_open(parsed.hostname or "127.0.0.1", parsed.port or 6379), f"Redis is not running at {BROKER_URL}")

    workers: list[Worker] = []
    stack = contextlib.ExitStack()

    def start(sms_backend: str = "outbox") -> Worker:
        queue = f"fs-test-{uuid.uuid4().hex[:12]}"
        logfile = tmp_path / f"{queue}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
            "DATABASE_URL": database_url_of_this_test(),
            "CELERY_BROKER_URL": BROKER_URL,
            "NOTIFICATIONS_TEST_QUEUE": queue,
            "SMS_BACKEND": sms_backend,
            "DEBUG": "True",
            "PYTHONPATH": str(REPO),
        }
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "friendlystreet", "worker", "--pool=solo",
                "-Q", queue, "-n", f"{queue}@%h", "-l", "info", f"--logfile={logfile}",
                "--without-mingle", "--without-gossip", "--without-heartbeat",
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        worker = Worker(process, logfile, queue)
        workers.append(worker)
        worker.wait_for(lambda: " ready." in worker.log(), timeout=30, what="the worker to be ready")
        stack.enter_context(celery_app_on(BROKER_URL, queue))
        return worker

    yield start
    stack.close()
    import redis

    r = redis.Redis.from_url(BROKER_URL)
    for worker in workers:
        worker.stop()
        # Leave nothing behind in a shared Redis: the queue and kombu's records of it.
        with contextlib.suppress(redis.RedisError):
            r.delete(worker.queue, f"_kombu.binding.{worker.queue}", f"_kombu.binding_permanent.{worker.queue}")
    r.close()


@pytest.fixture
def free_port() -> int:
    """A local TCP port nobody listens on: a broker that is down."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
