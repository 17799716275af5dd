"""Test settings: the real settings with fast hashing, the SMS outbox and a temporary media root."""

import os
import tempfile


def redis_of_this_process(url: str) -> str:
    """make test runs the suite in two processes (pytest-xdist's gw0 and gw1). Each test
    empties the cache it starts with, so the second process takes Redis databases of its own,
    8 above the first's (3 becomes 11): one process never empties the other's sessions."""
    process = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    if not url or not process:
        return url
    server, _, database = url.rpartition("/")
    return f"{server}/{int(database or 0) + 8 * process}"


os.environ.setdefault("DEBUG", "True")
os.environ.setdefault("SMS_BACKEND", "outbox")

from .settings import *  # noqa: E402,F403

if REDIS_URL:  # noqa: F405
    # Not in os.environ: a worker this process starts reads the test settings and comes here too.
    REDIS_URL = CACHES["default"]["LOCATION"] = redis_of_this_process(REDIS_URL)  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="fs-test-media-"))  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Sessions as production keeps them with Redis (one process here, so the local-memory cache
# is shared; tests/conftest.py empties it between tests).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
