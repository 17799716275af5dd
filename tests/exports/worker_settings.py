"""Settings of the Celery worker tests/exports/test_worker.py starts: the notifications
worker's (the test settings, a queue of its own), and the test's own media root, so that the
file the worker writes is the one the test downloads."""

import os
from pathlib import Path

from tests.notifications.worker_settings import *  # noqa: F403

MEDIA_ROOT = Path(os.environ["EXPORTS_TEST_MEDIA_ROOT"])
