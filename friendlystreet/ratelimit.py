"""A fixed-window rate limit kept in Django's cache (the same idea as allauth's).

    from friendlystreet.ratelimit import Limit, consume, hit

    LOOKUPS = Limit("points.voucher_lookup", count=60, seconds=60)
    MISSES = Limit("points.voucher_miss", count=10, seconds=120)
    refusing = consume(LOOKUPS, key=str(user.pk), unless=MISSES)
    if refusing:
        ...  # 429, Retry-After: refusing.retry_after()
    ...
    if failed:
        hit(MISSES, key=str(user.pk))

`consume()` counts one attempt and answers the limit that refuses it (None: go ahead),
also looking, without counting, at a limit counted elsewhere (`unless`); `hit()` counts
without deciding (e.g. only failed attempts).

Counters live in the default cache: with several web processes set REDIS_URL so that
they share it (with a per-process cache each process counts on its own, and the limit is
that many times looser). While Redis is unreachable, the counters are kept in each process
(friendlystreet/cache_backends.py): the limits hold per process, looser, not gone. A cache
that evicts a key errs on the side of letting the request through: the limit slows guessing
down, it is not what keeps data safe.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from allauth.account import app_settings as allauth_account_settings
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


UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def allauth_wait(action: str) -> int:
    """At most how long a refusal by allauth's limit `action` holds, in seconds: the longest
    window of its rates in ACCOUNT_RATE_LIMITS ("20/m/ip,3/m/key": 60). allauth counts in
    sliding windows and tells no one the wait: this is what a page or a Retry-After header can
    promise. 0 if the action has no limit."""
    rates = allauth_account_settings.RATE_LIMITS.get(action) or ""
    longest = 0.0
    for rate in filter(None, (part.strip() for part in rates.split(","))):
        duration = rate.split("/")[1]
        longest = max(longest, float(duration[:-1] or 1) * UNITS[duration[-1]])
    return math.ceil(longest)


def hit(limit: Limit, *, key: str) -> int:
    """Count one attempt in the current window; return the count so far."""
    return _count(limit, key)[0]


def consume(limit: Limit, *, key: str, unless: Limit | None = None) -> Limit | None:
    """Count one attempt against `limit`, and look at `unless` (counted elsewhere with
    hit()) without counting: the limit that refuses the attempt, or None."""
    count, blocking = _count(limit, key, read=unless)
    if unless is not None and blocking >= unless.count:
        return unless
    if count > limit.count:
        return limit
    return None


def _count(limit: Limit, who: str, read: Limit | None = None) -> tuple[int, int]:
    """(this window's attempts after counting one, the attempts so far of `read`)."""
    cache_key = limit.key(who)
    other = int(cache.get(read.key(who)) or 0) if read else 0
    # add() is atomic: only the first attempt of a window creates the counter.
    if cache.add(cache_key, 1, timeout=limit.seconds + 1):
        return 1, other
    try:
        return int(cache.incr(cache_key)), other
    except ValueError:  # expired between add() and incr(): this is a new window
        cache.add(cache_key, 1, timeout=limit.seconds + 1)
        return 1, other
