"""Tunables of delivery and the sweep. Each can be set in settings (or a local override) or,
twelve-factor, as an environment variable of the same name (a setting wins); they are read
on every use so that tests can change them with the `settings` fixture. `.ci/prod-check`
shortens the sweep's grace and interval this way to see a Redis outage end within seconds."""

from __future__ import annotations

import os

from django.conf import settings

DEFAULTS = {
    # Tries per delivery, the first included, before a transient failure becomes `failed`.
    "NOTIFICATIONS_MAX_ATTEMPTS": 5,
    # Back-off: about base * 2**(n-1) seconds before try n+1, with jitter, capped.
    "NOTIFICATIONS_RETRY_BASE_SECONDS": 30.0,
    "NOTIFICATIONS_RETRY_MAX_SECONDS": 900.0,
    # A queued delivery this long overdue lost its task; the sweep hands it over again.
    "NOTIFICATIONS_SWEEP_GRACE_SECONDS": 300,
    "NOTIFICATIONS_SWEEP_INTERVAL_SECONDS": 180,
    "NOTIFICATIONS_SWEEP_BATCH": 500,
}


def get(name: str):
    if hasattr(settings, name):
        return getattr(settings, name)
    default = DEFAULTS[name]
    raw = os.environ.get(name, "").strip()
    # The default's type: a typo ("5m") fails at once rather than on the first delivery.
    return type(default)(raw) if raw else default


def visibility_timeout() -> float:
    """Redis hands an unacknowledged message to another worker after this many seconds;
    a retry scheduled further ahead would be delivered twice."""
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}
    return float(options.get("visibility_timeout", 3600))
