"""Per-user values kept in the shared cache: the signed-in user with their permissions and
the bell's unread count (read on every signed-in page), and a rider's own pages (the
passbook, their claims, their vouchers), which change only when that rider's data does.

Each user has a version token per PerUserCache (friendlystreet.cache_versions); a cached
value is stored with the tokens it was built under (its own, those of the per-user caches
and global versions it `depends_on`) and is used only while all of them still hold.
Writers call `forget(user)`, which replaces the user's token now and again on commit: a
value never outlives the data it was built from, whatever the interleaving of readers and
writers. All tokens and the value come in one round trip (MGET), which here costs about
as much as a small query; `prefetch=True` values (the bell) ride along with the user's
own read at the start of the request (get_user_with_prefetched).

Only safe where every process shares one cache (Redis): see settings.USER_CACHE.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .cache_versions import CacheVersion, renew, token_from

T = TypeVar("T")

# An hour at most, so that a write made without the services or the models' signals (a raw
# UPDATE in a shell) is seen within the hour all the same.
TIMEOUT_S = 3600
# A user's token that a read made (no write has renewed it yet) is dropped after a day: a
# read of a key that names no one (a forged app token's digest) must not stay for ever.
# Any token may go at any time: a new one matches no value kept under the old.
READ_TOKEN_TIMEOUT_S = 24 * 3600
SNAPSHOT_ATTR = "_user_cache_snapshot"

_PREFETCHED: list[PerUserCache] = []
_SIGNED_IN: list[PerUserCache] = []


def _user_id(user_or_id) -> int | str:
    return user_or_id if isinstance(user_or_id, int | str) else user_or_id.pk


class PerUserCache:
    def __init__(
        self,
        name: str,
        *,
        depends_on: Sequence[PerUserCache | CacheVersion] = (),
        prefetch: bool = False,
        signed_in_user: bool = False,
        timeout: int = TIMEOUT_S,
    ) -> None:
        self.name = name
        self.depends_on = tuple(depends_on)
        self.timeout = timeout
        if prefetch:
            _PREFETCHED.append(self)
        if signed_in_user:  # the one cache of the signed-in user (accounts/backends.py)
            _SIGNED_IN.append(self)

    @staticmethod
    def enabled() -> bool:
        return settings.USER_CACHE

    def version_key(self, user_id: int) -> str:
        return f"{self.name}:v:{user_id}"

    def _tokens(self, user_id: int) -> list[tuple[str, int | None]]:
        """(key, how long a token a read makes there is kept) of each token a value is built
        under: this user's (a day) and the global versions it depends on (until evicted)."""
        return [(self.version_key(user_id), READ_TOKEN_TIMEOUT_S)] + [
            (d.version_key(user_id), READ_TOKEN_TIMEOUT_S) if isinstance(d, PerUserCache) else (d.key, None)
            for d in self.depends_on
        ]

    def _tag(self, user_id: int, found: dict[str, Any]) -> tuple[str, ...]:
        return tuple(token_from(key, found, timeout=timeout) for key, timeout in self._tokens(user_id))

    def _entry_key(self, user_id: int, part: str) -> str:
        key = f"{self.name}:e:{user_id}"
        return f"{key}:{hashlib.blake2b(part.encode(), digest_size=12).hexdigest()}" if part else key

    def keys(self, user_id: int, part: str = "") -> list[str]:
        return [*(key for key, _timeout in self._tokens(user_id)), self._entry_key(user_id, part)]

    def get(
        self,
        user_or_id,
        build: Callable[[], T],
        *,
        part: str = "",
        stale_at: Callable[[T], datetime | None] | None = None,
        found: dict[str, Any] | None = None,
    ) -> T:
        """This user's value (`part` tells apart several values of one kind: a page, a
        language): from the cache while its tokens hold, else built and kept now. The
        tokens are read before building, never after. `stale_at(value)`: when the clock
        alone makes the value wrong (a voucher reaching its expiry), with no write to say so.
        `found`: a get_many() result that already holds keys(user, part)."""
        if not self.enabled():
            return build()
        user_id = _user_id(user_or_id)
        if found is None:
            found = getattr(user_or_id, SNAPSHOT_ATTR, {}).get((self.name, part) if part else self.name)
        if found is None:
            found = cache.get_many(self.keys(user_id, part))
        return self._value(user_id, part, found, build, stale_at)

    def _value(
        self,
        user_id: int,
        part: str,
        found: dict[str, Any],
        build: Callable[[], T],
        stale_at: Callable[[T], datetime | None] | None = None,
    ) -> T:
        tag = self._tag(user_id, found)
        entry_key = self._entry_key(user_id, part)
        entry = found.get(entry_key)
        if entry is not None and entry[0] == tag and (entry[2] is None or timezone.now() < entry[2]):
            return entry[1]
        value = build()
        if not _inside_a_transaction():
            cache.set(entry_key, (tag, value, stale_at(value) if stale_at else None), self.timeout)
        return value

    def forget(self, user_or_id) -> None:
        """Drop this user's values: now, and again once the writing transaction commits.
        Usable as a signal receiver's body: forget(instance.rider_id)."""
        if not self.enabled():
            return
        snapshot = getattr(user_or_id, SNAPSHOT_ATTR, {})
        # Its own, and the page values read with the user: they may depend on this one.
        for name in [n for n in snapshot if n == self.name or isinstance(n, tuple)]:
            del snapshot[name]
        renew(self.version_key(_user_id(user_or_id)))


def _inside_a_transaction() -> bool:
    """A value built inside a transaction may show its own writes, which may yet roll back:
    it is used but not kept. (A test's wrapping transaction does not count, as in Django's
    own durable-atomic check.)"""
    return any(not block._from_testcase for block in transaction.get_connection().atomic_blocks)


# url name -> [(cache, part)] of rider pages whose own value comes with the user
_PAGE_VALUES: dict[str, list[tuple[PerUserCache, Callable[[], str]]]] = {}
_page_paths: dict[str, str] = {}  # path -> url name, filled at first use (URLs are loaded by then)
# This request's path, when it has no query string (the everyday visit of such a page).
_current_path: ContextVar[str | None] = ContextVar("user_cache_current_path", default=None)


def _request_started(environ=None, **_kwargs: Any) -> None:
    environ = environ or {}
    bare = not environ.get("QUERY_STRING")
    _current_path.set(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "") if bare else None)


request_started.connect(_request_started, dispatch_uid="user_cache.request_started")


def prefetch_on_page(url_name: str, user_cache: PerUserCache, part: Callable[[], str]) -> None:
    """On the page `url_name` visited without a query string, read the user's value of
    `user_cache` for `part()` along with the user (one round trip less); the view's own
    `user_cache.get(user, ..., part=part())` then finds it. `part` may depend on the
    language and the day, as the view's does: it is the same function."""
    _PAGE_VALUES.setdefault(url_name, []).append((user_cache, part))
    _page_paths.clear()


def _page_values() -> list[tuple[PerUserCache, str]]:
    path = _current_path.get()
    if path is None or not _PAGE_VALUES:
        return []
    if not _page_paths:
        _page_paths.update({reverse(name): name for name in _PAGE_VALUES})
    name = _page_paths.get(path)
    return [(c, part()) for c, part in _PAGE_VALUES.get(name, ())] if name else []


def prefetch_keys(user_id: int) -> list[str]:
    """What a signed-in request reads about its user: the user, every prefetch=True value
    and this page's own (prefetch_on_page). (The session store reads them with the
    session: accounts/sessions.py.)"""
    own = [k for c, part in _page_values() for k in c.keys(user_id, part)]
    return [k for c in _SIGNED_IN + _PREFETCHED for k in c.keys(user_id)] + own


def get_user_with_prefetched(
    user_cache: PerUserCache, user_id: int, build: Callable[[], Any], found: dict[str, Any] | None = None
):
    """The signed-in user from `user_cache`, with every `prefetch=True` value read in the
    same round trip (or taken from `found`, read with the session) and kept on the user
    object for this request."""
    if not PerUserCache.enabled():
        return build()
    keys = {c.name: c.keys(user_id) for c in _PREFETCHED}
    keys.update({(c.name, part): c.keys(user_id, part) for c, part in _page_values()})
    if found is None:
        found = cache.get_many(prefetch_keys(user_id))
    user = user_cache._value(user_id, "", found, build)
    if user is not None:
        setattr(user, SNAPSHOT_ATTR, {name: {k: found[k] for k in ks if k in found} for name, ks in keys.items()})
    return user
