"""Cached renderings of what is the same for everyone: the venue pages and lists, the reward
catalogue's cards, "How to earn". Nothing a user owns or may do goes in here.

Each app has one version; a write bumps it when its transaction commits, and a rendering
is used only while the version it was built under is current, so a change makes the old
renderings unusable at once. With several web processes REDIS_URL makes them share one cache.

    VENUES = PublicVersion("venues")
    VENUES.bump()                                   # in a service, or as a signal receiver
    html = VENUES.remember(("venue-page", pk, lang), build, seconds=60)
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
log = logging.getLogger(__name__)


class PublicVersion:
    def __init__(self, name: str) -> None:
        self.name = name
        self.version_key = f"public:{name}:version"

    def bump(self, **_signal_kwargs: Any) -> None:
        """Forget every rendering made so far: now, so the writer reads its own change, and
        again when the transaction commits, dropping what others rendered meanwhile from
        the data before it. Usable directly as a signal receiver. (Render after the
        service's transaction, never inside it: what it renders there is not yet true.)"""
        self._renew()
        transaction.on_commit(self._renew)

    def _renew(self) -> None:
        try:
            cache.set(self.version_key, secrets.token_hex(8), timeout=None)
        except Exception:  # noqa: BLE001 - any cache error
            # A cache refusing writes must not undo, or report as failed, the purchase or the
            # edit that bumped: the renderings then go stale for their few seconds.
            log.warning("could not bump the public cache version of %s", self.name, exc_info=True)

    def remember(self, parts: tuple[Any, ...], build: Callable[[], T], seconds: int) -> T:
        """The rendering for `parts` (everything it depends on besides this app's data: the
        language, the minute, the filters), built at most once per version and `seconds`.
        A rendering is kept with the version it was built under, and both are read in one
        round trip: one made under an older version is built again."""
        if seconds <= 0:
            return build()
        digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=16).hexdigest()
        key = f"public:{self.name}:{digest}"
        found = cache.get_many([self.version_key, key])
        version = found.get(self.version_key)
        if version is None:
            # A random value, never a counter: a version key evicted and made again must not
            # match renderings kept under an earlier value.
            cache.add(self.version_key, secrets.token_hex(8), timeout=None)
            version = cache.get(self.version_key, "")
        kept = found.get(key)
        if kept is not None and kept[0] == version:
            return kept[1]
        value = build()
        cache.set(key, (version, value), timeout=seconds)
        return value
