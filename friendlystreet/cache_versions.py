"""Version tokens for cached values: a cached value carries the tokens it was built under,
and a write replaces the token, so old values are simply never read again.

One mechanism for every cache in the project: public renderings (venue pages, the reward
catalogue, the "How to earn" rules) embed a CacheVersion in their keys; per-user values
(friendlystreet.user_cache) check theirs against the tokens stored with them.

A token is replaced now and again when the writing transaction commits, so a value
rebuilt in between from data that was not yet committed is dropped as well.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.cache import cache
from django.db import transaction


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
