"""Cached-database sessions that read the signed-in user (and the version tokens of the
cached pages) along with the session, in one round trip to Redis instead of three (with
REDIS_URL; settings.SESSION_ENGINE).

The user's id is inside the session, so the first request of a session in this process
reads the session, then the user (friendlystreet/user_cache.py). Each process remembers
which user a session key belongs to; from then on one MGET brings the session and the
user's cached values together. The remembered id only chooses what to prefetch: the user
is still the one the session names (a mismatch is ignored and read as usual), and Django
still verifies the session against the user's password hash.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore
from django.core.cache import cache
from django.core.signals import request_started

from friendlystreet.cache_versions import fill_snapshot, version_keys
from friendlystreet.user_cache import PerUserCache, prefetch_keys


class Owners:
    """Which user a key (a session's, an app token's digest) belongs to, as this process has
    seen it. It only chooses whose cached values are read along (read_with_user); what is
    read still decides."""

    MAX = 50_000

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def get(self, key: str) -> int | None:
        return self._ids.get(key)

    def remember(self, key: str, user_id: int) -> None:
        if len(self._ids) >= self.MAX:
            self._ids.clear()
        self._ids[key] = user_id


_seen_sessions = Owners()
# (user id, get_many result) read with this request's session; consumed by the backend.
prefetched: ContextVar[tuple[int, dict[str, Any]] | None] = ContextVar("session_prefetched_user", default=None)


def _forget_prefetched(**_kwargs: Any) -> None:
    prefetched.set(None)


request_started.connect(_forget_prefetched, dispatch_uid="accounts.sessions.request_started")


def read_with_user(keys: list[str], owner: int) -> dict[str, Any]:
    """`keys`, with the cached values of user `owner` and the version tokens of the cached
    pages (cache_versions.py), in one round trip; the backend's get_user() takes the user's
    from here (a request for another user reads its own as usual)."""
    found = cache.get_many([*keys, *prefetch_keys(owner), *version_keys()])
    fill_snapshot(found)
    prefetched.set((owner, found))
    return found


class SessionStore(CachedDbStore):
    def load(self):
        owner = _seen_sessions.get(self.session_key) if self.session_key else None
        if owner is None or not PerUserCache.enabled():
            data = super().load()
        else:
            try:
                found = read_with_user([self.cache_key], owner)
            except Exception:  # noqa: BLE001 - as Django's own load(): an unreadable cache is a miss
                found = {}
            data = found.pop(self.cache_key, None)
            if data is None:
                data = super().load()
        self._remember_owner(data)
        return data

    def _remember_owner(self, data: dict) -> None:
        user_id = data.get(SESSION_KEY)
        if user_id is None or not self.session_key:
            return
        with contextlib.suppress(TypeError, ValueError):  # not ours to judge: get_user() refuses it
            _seen_sessions.remember(self.session_key, int(user_id))
