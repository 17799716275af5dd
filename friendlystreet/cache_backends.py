"""The cache backend of production (settings, REDIS_URL): Django's Redis cache that treats an
unreachable Redis as an empty cache instead of an error.

What we keep in the cache can all be done without it: sessions are read from and written
through to the database (cached_db), the public renderings and figures are computed again,
and the rate limits let the request through (friendlystreet/ratelimit.py says why that is
the right way to err). So while Redis is down or restarting, a page is slower, never a 500:
every read is a miss, every write is dropped, `add` reports success and `incr` a missing
key, as Django's DummyCache does. Errors other than "cannot reach Redis" (a wrong command,
a value that does not unpickle) still raise: those are bugs, not an outage.

One thing an outage cannot do: delete a cached session. A session ended while Redis is down
(a sign-out, a password change) is gone from the database, but if Redis comes back with its
data (an RDB snapshot) the cached copy is served until it expires. After an outage, empty the
cache's database (`redis-cli -n 1 flushdb`: only the cache, never the broker's database 0):
nothing in it is needed, sessions are read again from the database (deploy/README.md).
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# One warning per process this often, not one per cache call (a page makes dozens).
WARN_EVERY_SECONDS = 30.0


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def _unreachable(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._last_warning >= WARN_EVERY_SECONDS or not self._last_warning:
            self._last_warning = now
            logger.warning("cache unreachable (%s: %s); serving without it", operation, exc)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as exc:
            self._unreachable("add", exc)
            return True

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as exc:
            self._unreachable("get", exc)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE as exc:
            self._unreachable("set", exc)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as exc:
            self._unreachable("touch", exc)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as exc:
            self._unreachable("delete", exc)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as exc:
            self._unreachable("get_many", exc)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as exc:
            self._unreachable("has_key", exc)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as exc:
            self._unreachable("incr", exc)
            raise ValueError(f"Key '{key}' not found") from exc

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as exc:
            self._unreachable("set_many", exc)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNREACHABLE as exc:
            self._unreachable("delete_many", exc)

    def clear(self):
        try:
            return super().clear()
        except UNREACHABLE as exc:
            self._unreachable("clear", exc)
            return False
