"""Version tokens for cached values: a cached value carries the tokens it was built under,
and a write replaces the token, so old values are simply never read again.

One mechanism for every cache in the project: public renderings (venue pages, the reward
catalogue, the "How to earn" rules) embed a CacheVersion in their keys; per-user values
(friendlystreet.user_cache) check theirs against the tokens stored with them.

A token is replaced now and again when the writing transaction commits, so a value
rebuilt in between from data that was not yet committed is dropped as well.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache, caches
from django.db import transaction

T = TypeVar("T")


def new_token() -> str:
    return secrets.token_hex(8)


def token_from(key: str, found: dict[str, Any]) -> str:
    """The token under `key` in a get_many() result; a missing one (never set, or evicted)
    is set now, to a new token that matches no cached value."""
    token = found.get(key)
    if token is None:
        cache.add(key, new_token(), timeout=None)
        token = found[key] = cache.get(key) or new_token()
    return token


def renew(key: str) -> None:
    cache.set(key, new_token(), timeout=None)
    transaction.on_commit(lambda: cache.set(key, new_token(), timeout=None))


class CacheVersion:
    def __init__(self, key: str) -> None:
        self.key = key

    def current(self) -> str:
        return token_from(self.key, {self.key: cache.get(self.key)})

    def bump(self, **_signal_kwargs: Any) -> None:
        """Forget every value built under the current token. Usable directly as a signal
        receiver."""
        renew(self.key)

    def remember(self, parts: tuple[Any, ...], build: Callable[[], T], timeout: int) -> T:
        """The value for `parts` (what else it depends on: a language, the day, filters),
        built from data this version covers, kept under the current token."""
        raw = ":".join(str(p) for p in parts)
        digest = hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
        return remember_immutable(f"{self.key}:{self.current()}:{digest}", build, timeout)


def remember_immutable(key: str, build: Callable[[], T], timeout: int) -> T:
    """For keys whose value never changes once built (they embed a version token): kept in
    the shared cache and, once seen, in this process's memory too (the "local" cache), so
    that a cached public page costs one round trip to Redis (the token), not two."""
    if timeout <= 0:
        return build()
    local = caches["local"]
    value = local.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, timeout)
        local.set(key, value, timeout)
    return value
