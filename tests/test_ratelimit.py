"""The rate limiter's counter, on whichever cache the run uses (Redis in .ci/run's second
half, where our backend counts in one round trip, local memory otherwise)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from friendlystreet import ratelimit


def test_incr_of_a_missing_key_refuses_and_creates_nothing():
    cache.delete("test:incr")
    with pytest.raises(ValueError):
        cache.incr("test:incr")
    assert cache.get("test:incr") is None
    cache.set("test:incr", 5)
    assert cache.incr("test:incr") == 6
    assert cache.incr("test:incr", 10) == 16


def test_a_limit_counts_every_attempt_of_its_window_and_the_next_window_starts_again(monkeypatch):
    limit = ratelimit.Limit("test.limit", count=3, seconds=60)
    now = [1_000_020.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    cache.delete(limit.key("rider-7"))
    assert [ratelimit.consume(limit, key="rider-7") for _ in range(4)] == [True, True, True, False]
    assert not ratelimit.peek(limit, key="rider-7")
    assert ratelimit.peek(limit, key="rider-8")  # someone else's counter
    now[0] += 60
    assert ratelimit.peek(limit, key="rider-7")
    assert ratelimit.hit(limit, key="rider-7") == 1
