"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django's backend builds a new `redis.Redis` object for every cache call, and each one
copies redis-py's table of ~170 response callbacks: about a tenth of a millisecond, paid
three times on every signed-in page (session, user, bell). A client object only wraps
the pool, which is thread-safe, so one per pool is enough.

`set_many()` without expiry (the cache version tokens, at every commit that changed data)
is a single MSET. `count()` is the rate limits' counter (friendlystreet/ratelimit.py): one
round trip that adds one, starts the window on the first attempt and reads another
counter alongside, where Django's cache API needs three or four.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

# Integers are stored as they are by Django's Redis serializer, so INCR and GET read them.
_COUNT = """
local n = redis.call('incr', KEYS[1])
if n == 1 then redis.call('expire', KEYS[1], ARGV[1]) end
if #KEYS > 1 then return {n, redis.call('get', KEYS[2])} end
return {n, false}
"""


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def set_many(self, data, timeout):
        if timeout is not None:
            return super().set_many(data, timeout)
        # Without expiry (the version tokens, renewed at every commit): one MSET, without
        # the MULTI/EXEC pipeline Django wraps it in for the EXPIREs.
        self.get_client(None, write=True).mset({k: self._serializer.dumps(v) for k, v in data.items()})
        return None

    def count(self, key, timeout, read):
        keys = [key, read] if read else [key]
        n, other = self.get_client(key, write=True).eval(_COUNT, len(keys), *keys, timeout)
        return n, int(other) if other is not None else 0


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _ReusingClient

    def validate_key(self, key: str) -> None:
        """Django warns of keys memcached would refuse, checking every character of every
        key (sixteen keys on each signed-in request); Redis takes any key."""

    def count(self, key: str, timeout: int, read: str | None = None) -> tuple[int, int]:
        """Add one to the counter `key` (kept `timeout` seconds from its first count) and
        read the counter `read` (0 if absent) in the same round trip."""
        key = self.make_and_validate_key(key)
        return self._cache.count(key, timeout, self.make_and_validate_key(read) if read else None)
