"""GET /healthz: can this web process serve, and can it hand work on? For the monitoring of an
install (an uptime checker, a load balancer, deploy/README.md "What to watch").

    {"status": "ok", "release": "09cb7bb",
     "checks": {"database": "ok", "cache": "ok", "broker": "ok"}, "queued_tasks": 0}

200 when every check is "ok" (the broker "not configured" too: tasks then run in-process),
else 503 with "fail" and the failing check "unreachable". The cache counts: the site serves
without Redis (friendlystreet/cache_backends.py), but meanwhile rate limits are per process,
deliveries wait for the sweep, and the cache must be emptied afterwards, so someone should know.
`queued_tasks` is the broker's queue length (tasks waiting for a worker; null without a
broker): a number that only grows means the workers are stopped or stuck.

Nothing personal, nothing from a session (no cookie is read or set), no rate limit (the monitor
asks every minute or so, from one address), and cheap: one query, a write and a read of the
cache, one connection to the broker, each with a timeout of a second or two.
"""

from __future__ import annotations

import logging
import secrets

from amqp.exceptions import ChannelError
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from kombu import Connection

logger = logging.getLogger(__name__)

OK = "ok"
UNREACHABLE = "unreachable"
NOT_CONFIGURED = "not configured"
BROKER_TIMEOUT = 2  # seconds
QUEUE = "celery"  # Celery's default queue, the one every task goes to


@require_safe
def healthz(request):
    broker, queued = _broker()
    checks = {"database": _database(), "cache": _cache(), "broker": broker}
    healthy = all(value in (OK, NOT_CONFIGURED) for value in checks.values())
    if not healthy:
        logger.warning("healthz: %s", ", ".join(f"{name} {value}" for name, value in checks.items()))
    body = {"status": "ok" if healthy else "fail", "release": settings.RELEASE, "checks": checks, "queued_tasks": queued}
    response = JsonResponse(body, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response


def _database() -> str:
    try:
        connection.ensure_connection()
        return OK if connection.is_usable() else UNREACHABLE
    except DatabaseError:
        return UNREACHABLE


def _cache() -> str:
    # Our Redis backend takes an unreachable Redis for an empty cache (a write dropped, a read
    # missed), so a value written and read back is the test.
    key, token = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, token, timeout=5)
    return OK if cache.get(key) == token else UNREACHABLE


def _broker() -> tuple[str, int | None]:
    if not settings.CELERY_BROKER_URL:
        return NOT_CONFIGURED, None
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT, transport_options=options) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)
            try:
                queued = conn.default_channel.queue_declare(queue=QUEUE, passive=True).message_count
            except ChannelError:  # no task queued since the broker started: the queue does not exist
                queued = 0
    except Exception:  # noqa: BLE001  (kombu raises the transport's own errors; any of them is "down")
        logger.warning("healthz: the broker does not answer", exc_info=True)
        return UNREACHABLE, None
    return OK, queued
