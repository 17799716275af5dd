"""The cache backend of production (settings, REDIS_URL): Django's Redis cache that treats an
unreachable Redis as an empty cache instead of an error.

What we keep in the cache can all be done without it: sessions are read from and written
through to the database (cached_db), the public renderings and figures are computed again.
So while Redis is down or restarting, a page is slower, never a 500: every read is a miss,
every write is dropped, `add` reports success and `incr` a missing key, as Django's DummyCache
does. Errors other than "cannot reach Redis" (a wrong command, a value that does not unpickle)
still raise: those are bugs, not an outage.

Except the rate limits' counters (ours, friendlystreet/ratelimit.py, and allauth's: sign-in
codes, failed logins): while Redis is unreachable they are kept in this process's memory. The
limits then hold in each process (with five gunicorn workers, at most five times looser) instead
of not at all, which would let anyone send SMS codes to any number at the office's expense and
guess passwords without a pause. Failing closed (refusing every code) would lock every rider out
for the outage; counting in the database would be a write per attempt and a table to purge for a
rare event. When Redis is back, the counters start again from Redis.

The outage is logged once per process, when it starts, and again when Redis answers again, with
the one step it leaves: a session ended while Redis was down (a sign-out, a password change) is
gone from the database, but if Redis comes back with its data (an RDB snapshot) the cached copy
is served until it expires. After an outage, empty the cache's database (`redis-cli -n 1
flushdb`: only the cache, never the broker's database 0): nothing in it is needed, sessions are
read again from the database (deploy/README.md).
"""

from __future__ import annotations

import logging
import time
from functools import partial

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# The keys of rate-limit counters (friendlystreet/ratelimit.py, allauth's core.ratelimit): kept
# in this process while Redis is unreachable.
COUNTER_PREFIXES = ("ratelimit:", "allauth:rl:")
FALLBACK = "friendlystreet-counters-while-redis-is-down"


def _counter(key) -> bool:
    return isinstance(key, str) and key.startswith(COUNTER_PREFIXES)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._down_since: float | None = None  # time.monotonic() of the first failure of this outage
        # One store per process (Django's local-memory caches of the same name share it).
        self._local = LocMemCache(FALLBACK, {"OPTIONS": {"MAX_ENTRIES": 10000}})

    def _try(self, operation: str, call, without):
        try:
            result = call()
        except UNREACHABLE as exc:
            if self._down_since is None:
                self._down_since = time.monotonic()
                logger.warning(
                    "cache unreachable (%s: %s); serving without it, rate limits counted in this process, until it is back",
                    operation,
                    exc,
                )
            return without()
        if self._down_since is not None:
            seconds = time.monotonic() - self._down_since
            self._down_since = None
            logger.warning(
                "cache reachable again after %.0f s; empty its database now (redis-cli -n 1 flushdb, never -n 0): "
                "sessions ended meanwhile may still be in it (deploy/README.md)",
                seconds,
            )
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        def without():
            return self._local.add(key, value, timeout, version) if _counter(key) else True

        return self._try("add", partial(super().add, key, value, timeout, version), without)

    def get(self, key, default=None, version=None):
        def without():
            return self._local.get(key, default, version) if _counter(key) else default

        return self._try("get", partial(super().get, key, default, version), without)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        def without():
            if _counter(key):
                self._local.set(key, value, timeout, version)

        self._try("set", partial(super().set, key, value, timeout, version), without)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("touch", partial(super().touch, key, timeout, version), lambda: False)

    def delete(self, key, version=None):
        def without():
            return self._local.delete(key, version) if _counter(key) else False

        return self._try("delete", partial(super().delete, key, version), without)

    def get_many(self, keys, version=None):
        return self._try("get_many", partial(super().get_many, keys, version), dict)

    def has_key(self, key, version=None):
        return self._try("has_key", partial(super().has_key, key, version), lambda: False)

    def incr(self, key, delta=1, version=None):
        def without():
            if _counter(key):
                return self._local.incr(key, delta, version)
            raise ValueError(f"Key '{key}' not found")

        return self._try("incr", partial(super().incr, key, delta, version), without)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("set_many", partial(super().set_many, data, timeout, version), lambda: list(data))

    def delete_many(self, keys, version=None):
        self._try("delete_many", partial(super().delete_many, keys, version), lambda: None)

    def clear(self):
        return self._try("clear", super().clear, lambda: False)
