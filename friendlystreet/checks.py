"""`manage.py check --deploy`: settings that each look fine alone and together make a production
site misbehave without an error anywhere (deploy/README.md runs this at step 6; `make
check-deploy-env` on a server).

- proxy.W001: the production settings trust a proxy (TLS ends at nginx: SECURE_PROXY_SSL_HEADER
  is set whenever DEBUG is off), but TRUSTED_PROXY_COUNT counts none. Every request then comes
  from the proxy's address, and the per-address limits (allauth's failed sign-ins and SMS codes,
  the API's throttles, friendlystreet/ratelimit.py) count every client together: a few failed
  sign-ins anywhere lock everyone out.
- redis.W001: a Celery broker without REDIS_URL. Tasks run in worker processes, and every
  process keeps its own cache in memory (settings.py: LocMemCache without REDIS_URL): what a task
  changes (an expired voucher restocks its reward) does not make the web processes' cached pages
  stale (friendlystreet/public_cache.py bumps the version in the worker's memory only), and each
  process counts the rate limits on its own.
- redis.W002: REDIS_URL and CELERY_BROKER_URL on the same Redis database. Emptying the cache, as
  deploy/README.md says to after an outage (`redis-cli -n 1 flushdb`), or Django's cache.clear(),
  empties the broker's queue too: the tasks waiting there are gone, and nothing says so.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOOPBACK = {"localhost", "127.0.0.1", "::1"}
REDIS_SCHEMES = {"redis", "rediss", "unix"}


@register(Tags.security, deploy=True)
def trusted_proxy_check(app_configs=None, **kwargs) -> list:
    if settings.DEBUG or not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return []
    if settings.TRUSTED_PROXY_COUNT >= 1:
        return []
    return [
        Warning(
            "TRUSTED_PROXY_COUNT is 0, but with DEBUG off the site is served behind a proxy (it trusts the "
            "proxy's X-Forwarded-Proto: SECURE_PROXY_SSL_HEADER). Every request then has the proxy's address, "
            "and the per-address limits count all clients together: a few failed sign-ins anywhere lock "
            "everyone out.",
            hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of gunicorn that append to "
            "X-Forwarded-For: 1 for the documented nginx (deploy/README.md).",
            id="proxy.W001",
        )
    ]


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs=None, **kwargs) -> list:
    broker, cache = settings.CELERY_BROKER_URL, settings.REDIS_URL
    if broker and not cache:
        return [
            Warning(
                "CELERY_BROKER_URL is set but REDIS_URL is not: the web and worker processes each keep their own "
                "cache in memory. What a task changes (an expired voucher restocks its reward) never reaches the "
                "pages the web processes have cached until they expire, and each process counts the rate limits "
                "on its own.",
                hint="Set REDIS_URL to a Redis database other than the broker's, e.g. redis://127.0.0.1:6379/1 "
                "beside a broker on /0 (deploy/friendlystreet.env.example).",
                id="redis.W001",
            )
        ]
    broker_db = redis_database(broker) if broker else None
    if broker_db is not None and any(redis_database(url) == broker_db for url in cache.split(",")):
        return [
            Warning(
                "REDIS_URL and CELERY_BROKER_URL name the same Redis database: emptying the cache (redis-cli "
                "flushdb after an outage, as deploy/README.md says, or Django's cache.clear()) also deletes the "
                "tasks waiting in the broker's queue, without a word.",
                hint="Give the cache a database of its own, e.g. REDIS_URL=redis://127.0.0.1:6379/1 and "
                "CELERY_BROKER_URL=redis://127.0.0.1:6379/0.",
                id="redis.W002",
            )
        ]
    return []


def redis_database(url: str) -> tuple[str, int | str, int] | None:
    """(host, port, database) of a Redis URL, or (the socket's path, "unix", database); None for
    what is not a Redis URL. The database as redis-py reads it: ?db= first, then the path (/1),
    else 0. localhost, 127.0.0.1 and ::1 are one host."""
    parts = urlsplit(url.strip())
    if parts.scheme not in REDIS_SCHEMES:
        return None
    try:
        query = parse_qs(parts.query)
        if "db" in query:
            db = int(query["db"][0])
        elif parts.scheme != "unix" and parts.path.strip("/"):
            db = int(parts.path.strip("/"))
        else:
            db = 0
        if parts.scheme == "unix":
            return (parts.path, "unix", db)
        host = (parts.hostname or "localhost").lower()
        return ("localhost" if host in LOOPBACK else host, parts.port or 6379, db)
    except ValueError:  # a port or database that is no number: redis-py refuses it before us
        return None
