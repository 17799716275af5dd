"""Version numbers for cached renderings: cache keys carry the version, writes bump it.

One mechanism for every app that caches public reads (venue pages, the reward catalogue,
the "How to earn" rules): nothing is deleted, a bump just makes every old key unreachable.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction


class CacheVersion:
    def __init__(self, key: str) -> None:
        self.key = key

    def current(self) -> int:
        value = cache.get(self.key)
        if value is None:
            cache.add(self.key, 1, timeout=None)
            value = cache.get(self.key, 1)
        return int(value)

    def _increment(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # evicted: any new value differs from the cached keys
            cache.set(self.key, self.current() + 1, timeout=None)

    def bump(self, **_signal_kwargs: Any) -> None:
        """Forget every rendering keyed by this version: now, and again once the writing
        transaction commits (a rendering rebuilt from not-yet-committed data in between is
        dropped too). Usable directly as a signal receiver."""
        self._increment()
        transaction.on_commit(self._increment)
