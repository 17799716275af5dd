"""Tunables of delivery and the sweep: NOTIFICATIONS_* in settings.py, each read from the
environment there like every other deployment setting (deploy/friendlystreet.env.example).
They are read on every use so that tests can change them with the `settings` fixture;
`.ci/prod-check` shortens the sweep's grace and interval to see a Redis outage end within
seconds."""

from __future__ import annotations

from django.conf import settings


def get(name: str):
    return getattr(settings, name)


def visibility_timeout() -> float:
    """Redis hands an unacknowledged message to another worker after this many seconds;
    a retry scheduled further ahead would be delivered twice."""
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}
    return float(options.get("visibility_timeout", 3600))
