"""Version tokens for cached values: a cached value carries the tokens it was built under,
and a write replaces the token, so old values are simply never read again.

One mechanism for every cache in the project: public renderings (venue pages, the reward
catalogue, the "How to earn" rules) embed a CacheVersion in their keys; per-user values
(friendlystreet.user_cache) check theirs against the tokens stored with them.

A write inside a transaction replaces its tokens when the transaction commits, all in one
round trip, with tokens no one has seen: a value rebuilt meanwhile from data that was not
yet committed is dropped with the rest. Until then the writer's own connection reads
private tokens of its own, so that it sees its writes (and keeps nothing anyone else
reads); every other reader goes on with the committed data's values, which are still
right for them. The private tokens end with their transaction, committed or rolled back.
Publishing comes after the commit, so a cache that refuses it is logged, never raised:
the action has happened.

Within a request the CacheVersions are read together, once (one MGET at first use): a
venue page needs the venues' and the rewards' tokens, and each round trip to Redis costs
about as much as a small query. That snapshot holds published tokens only; the request's
own committed bumps update it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

T = TypeVar("T")
log = logging.getLogger(__name__)

_VERSIONS: list[CacheVersion] = []
# {key: token} of every CacheVersion, read at first use in the current request; None
# outside requests (tasks, shells), where each read goes to the cache.
_snapshot: ContextVar[dict[str, str] | None] = ContextVar("cache_versions_snapshot", default=None)


def _request_started(**_kwargs: Any) -> None:
    _snapshot.set({})


def _request_finished(**_kwargs: Any) -> None:
    _snapshot.set(None)


request_started.connect(_request_started, dispatch_uid="cache_versions.request_started")
request_finished.connect(_request_finished, dispatch_uid="cache_versions.request_finished")


def new_token() -> str:
    return secrets.token_hex(8)


def token_from(key: str, found: dict[str, Any], *, timeout: int | None = None) -> str:
    """The token under `key` in a get_many() result; a missing one (never set, or evicted)
    is set now, to a new token that matches no cached value, kept `timeout` seconds (None:
    until evicted). The writer's own private token while its transaction is open (renew)."""
    private = _private_tokens().get(key)
    return private if private is not None else _published(key, found, timeout)


def _published(key: str, found: dict[str, Any], timeout: int | None = None) -> str:
    token = found.get(key)
    if token is None:
        cache.add(key, new_token(), timeout=timeout)
        token = found[key] = cache.get(key) or new_token()
    return token


class _Renewals:
    """One transaction's renewals: private tokens its own connection reads while the
    transaction is open, then new tokens for everyone once it commits."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}
        self.publish = self._publish  # one bound method: registered with on_commit, found there

    def _publish(self) -> None:
        # New tokens again, not the private ones: values the writer built from its own
        # uncommitted view may miss what others committed meanwhile.
        keys, self.tokens = list(self.tokens), {}
        if keys:
            _set_new_tokens(keys)


_RENEWALS_ATTR = "_cache_versions_renewals"


def _open_renewals() -> _Renewals | None:
    """The renewals of the transaction open on this connection, if it made any. Its hook
    waits in run_on_commit while the transaction is open: a commit runs and clears that
    list, a rollback empties it (a rolled-back savepoint drops only its own entries)."""
    connection = transaction.get_connection()
    renewals = connection.__dict__.get(_RENEWALS_ATTR)
    if renewals is None or not connection.in_atomic_block:
        return None
    if not any(hook == renewals.publish for _savepoints, hook, _robust in connection.run_on_commit):
        return None
    return renewals


def _private_tokens() -> dict[str, str]:
    renewals = _open_renewals()
    return renewals.tokens if renewals is not None else {}


# Renewals of writes committed already, gathered by renewals_together().
_together: ContextVar[set[str] | None] = ContextVar("cache_versions_together", default=None)


@contextmanager
def renewals_together() -> Iterator[None]:
    """For writes that committed on their own (a single statement in autocommit): the
    renewals made inside reach Redis in one round trip, at the end."""
    keys: set[str] = set()
    token = _together.set(keys)
    try:
        yield
    finally:
        _together.reset(token)
        if keys:
            _set_new_tokens(list(keys))


def renew(key: str) -> None:
    """Forget every value built under `key`'s token: for everyone when the writing
    transaction commits, for the writer at once."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        # The write has been committed already.
        together = _together.get()
        if together is None:
            _set_new_tokens([key])
        else:
            together.add(key)
        return
    renewals = _open_renewals()
    if renewals is None:
        renewals = connection.__dict__[_RENEWALS_ATTR] = _Renewals()
    renewals.tokens[key] = new_token()
    # Registered on every call: a callback registered in a savepoint that rolls back is
    # dropped, and a later one must still publish what is pending.
    transaction.on_commit(renewals.publish)


def _set_new_tokens(keys: list[str]) -> None:
    """Publish new tokens for `keys`, after their writes committed. A cache that refuses
    the write must not turn a committed action into an error: the old values are then
    served until they expire, and we say so loudly."""
    tokens = {key: new_token() for key in keys}
    try:
        if len(tokens) == 1:
            cache.set(keys[0], tokens[keys[0]], timeout=None)
        else:
            cache.set_many(tokens, timeout=None)
    except Exception:  # noqa: BLE001 - any cache error; the database has the truth
        log.exception("could not renew cache tokens %s: values built before the change are served until they expire", keys)
        return
    snapshot = _snapshot.get()
    if snapshot is not None:
        for key, token in tokens.items():
            if key in snapshot:
                snapshot[key] = token


def version_keys() -> list[str]:
    return [v.key for v in _VERSIONS]


def fill_snapshot(found: dict[str, Any]) -> None:
    """The request's tokens, when they were read along with something else (the session:
    accounts/sessions.py) before any was needed."""
    snapshot = _snapshot.get()
    keys = version_keys()
    if snapshot is not None and not snapshot and all(k in found for k in keys):
        snapshot.update({k: found[k] for k in keys})


class CacheVersion:
    def __init__(self, key: str) -> None:
        self.key = key
        _VERSIONS.append(self)

    def current(self) -> str:
        private = _private_tokens().get(self.key)
        if private is not None:
            return private  # the writer's own, while its transaction is open
        snapshot = _snapshot.get()  # published tokens only
        if snapshot is None:
            return _published(self.key, {self.key: cache.get(self.key)})
        if self.key not in snapshot:
            keys = [v.key for v in _VERSIONS]
            found = cache.get_many(keys)
            snapshot.update({k: _published(k, found) for k in keys})
        return snapshot[self.key]

    def bump(self, **_signal_kwargs: Any) -> None:
        """Forget every value built under the current token. Usable directly as a signal
        receiver."""
        renew(self.key)

    def key_for(self, parts: tuple[Any, ...]) -> str:
        """A cache key for a value built from `parts` under the current token: a new token,
        a new key."""
        raw = ":".join(str(p) for p in parts)
        digest = hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
        return f"{self.key}:{self.current()}:{digest}"

    def remember(self, parts: tuple[Any, ...], build: Callable[[], T], timeout: int) -> T:
        """The value for `parts` (what else it depends on: a language, the day, filters),
        built from data this version covers, kept under the current token."""
        return remember_immutable(self.key_for(parts), build, timeout)


def remember_immutable(key: str, build: Callable[[], T], timeout: int) -> T:
    # TEMPORARY (issue 13): this module goes once venues and points use public_cache.py.
    if timeout <= 0:
        return build()
    return cache.get_or_set(key, build, timeout)
