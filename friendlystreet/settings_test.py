"""Test settings: the real settings with fast hashing, the SMS outbox and a temporary media root."""

import os
import tempfile

os.environ.setdefault("DEBUG", "True")
os.environ.setdefault("SMS_BACKEND", "outbox")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="fs-test-media-"))  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Sessions as production keeps them with Redis (one process here, so the local-memory cache
# is shared; tests/conftest.py empties it between tests).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
