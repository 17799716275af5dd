"""A short-lived cache of the public venue reads (the map, lists, venue pages, guides).

Why: these pages are the same for every rider, read far more often than written, and a
venue page costs about ten times the bench's one-query ceiling when built from scratch.

How it stays correct:
- Every key carries the *data version*, a counter in the cache that any write to the
  venues tables bumps (model signals, plus services for bulk writes): after a change the
  old entries are simply never read again.
- Every key carries the current minute (Asia/Shanghai), because "open now" and "today"
  change with the clock; entries live at most CACHE_SECONDS.
- Every key carries the active language.
- Nothing user-specific goes in: the pages render the signed-in parts (top bar, tip form,
  CSRF token, other apps' panels) around the cached fragment on every request.

With several web processes, set REDIS_URL (as README says) so they share the cache and
the version; with a per-process local-memory cache another process may serve a page up
to CACHE_SECONDS old after a change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.utils.translation import get_language

from friendlystreet.cache_versions import CacheVersion, remember_immutable

from . import hours as hours_lib

T = TypeVar("T")
DATA_VERSION = CacheVersion("venues:data-version")
# Every venue write calls this (model signals, and services after bulk writes).
invalidate = DATA_VERSION.bump


def ttl() -> int:
    return int(getattr(settings, "VENUES_CACHE_SECONDS", 60))


def key(*parts: Any) -> str:
    return DATA_VERSION.key_for((get_language(), hours_lib.local().strftime("%Y%m%d%H%M"), *parts))


def remember(cache_key: str, build: Callable[[], T]) -> T:
    return remember_immutable(cache_key, build, ttl())  # the key embeds the data version
