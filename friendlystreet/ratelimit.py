"""A fixed-window rate limit kept in Django's cache (the same idea as allauth's).

    from friendlystreet.ratelimit import Limit, consume, peek

    LOOKUPS = Limit("points.voucher_lookup", count=60, seconds=60)
    if not consume(LOOKUPS, key=str(user.pk)):
        ...  # refuse: 429

`consume()` counts one attempt and says whether it is still within the limit; `peek()`
says whether the limit is already used up without counting; `hit()` counts without
deciding (e.g. count only failed attempts, and `peek()` them before trying).

Counters live in the default cache: with several web processes set REDIS_URL so that
they share it (with a per-process cache each process counts on its own, and the limit is
that many times looser). A cache that is down or evicts a key errs on the side of letting
the request through: the limit slows guessing down, it is not what keeps data safe.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    seconds: int

    def key(self, who: str, now: float | None = None) -> str:
        window = int((now if now is not None else time.time()) // self.seconds)
        return f"ratelimit:{self.scope}:{who}:{window}"

    def retry_after(self, now: float | None = None) -> int:
        """Seconds until the current window ends."""
        now = now if now is not None else time.time()
        return max(1, int(self.seconds - (now % self.seconds)))


def hit(limit: Limit, *, key: str) -> int:
    """Count one attempt in the current window; return the count so far."""
    cache_key = limit.key(key)
    try:
        return int(cache.incr(cache_key))  # the window's counter exists: one round trip
    except ValueError:
        pass
    # add() is atomic: only the first attempt of a window creates the counter.
    if cache.add(cache_key, 1, timeout=limit.seconds + 1):
        return 1
    try:
        return int(cache.incr(cache_key))  # another process created it meanwhile
    except ValueError:  # and it expired again at once: still a new window
        cache.add(cache_key, 1, timeout=limit.seconds + 1)
        return 1


def peek(limit: Limit, *, key: str) -> bool:
    """True while the window still has room (the attempts so far are below the count)."""
    return int(cache.get(limit.key(key)) or 0) < limit.count


def consume(limit: Limit, *, key: str) -> bool:
    """Count one attempt; True if it is within the limit."""
    return hit(limit, key=key) <= limit.count
