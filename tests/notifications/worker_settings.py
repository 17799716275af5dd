"""Settings of the Celery worker that tests/notifications/test_worker.py starts: the test
settings, its own queue (so no other worker takes the test's tasks) and quick retries."""

import os

from friendlystreet.settings_test import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["NOTIFICATIONS_TEST_QUEUE"]
NOTIFICATIONS_MAX_ATTEMPTS = 3
NOTIFICATIONS_RETRY_BASE_SECONDS = 0.2
NOTIFICATIONS_RETRY_MAX_SECONDS = 1.0
# The test drops its database at the end: hold no connection between tasks.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
