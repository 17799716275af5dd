"""The rate limiter's counters, on whichever cache the run uses (Django's Redis backend in
.ci/run's second half, local memory otherwise)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from friendlystreet import ratelimit

LOOKUPS = ratelimit.Limit("test.lookups", count=3, seconds=60)
MISSES = ratelimit.Limit("test.misses", count=2, seconds=600)


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_020.0]  # 20 s into a minute's window
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    return now


def test_a_limit_counts_every_attempt_of_its_window_and_the_next_window_starts_again(clock):
    assert [ratelimit.consume(LOOKUPS, key="rider-7") for _ in range(4)] == [None, None, None, LOOKUPS]
    assert ratelimit.consume(LOOKUPS, key="rider-8") is None  # someone else's counter
    clock[0] += 60
    assert ratelimit.consume(LOOKUPS, key="rider-7") is None
    assert ratelimit.hit(LOOKUPS, key="rider-7") == 2


def test_a_used_up_limit_counted_elsewhere_refuses_first_and_keeps_refusing(clock):
    assert ratelimit.hit(MISSES, key="operator-3") == 1
    assert ratelimit.consume(LOOKUPS, key="operator-3", unless=MISSES) is None
    assert ratelimit.hit(MISSES, key="operator-3") == 2
    assert ratelimit.consume(LOOKUPS, key="operator-3", unless=MISSES) is MISSES
    clock[0] += 60  # a new minute for look-ups, not for misses
    assert ratelimit.consume(LOOKUPS, key="operator-3", unless=MISSES) is MISSES
    clock[0] += 600
    assert ratelimit.consume(LOOKUPS, key="operator-3", unless=MISSES) is None


def test_a_windows_counter_is_dropped_soon_after_the_window_ends(clock):
    import time

    short = ratelimit.Limit("test.expiry", count=1, seconds=1)
    key = short.key("rider-9")
    ratelimit.hit(short, key="rider-9")
    assert cache.get(key) == 1
    # The window and its one second of grace: Redis counts in real time, the local-memory
    # cache by the (stopped) clock.
    time.sleep(2.2)
    clock[0] += 3
    assert cache.get(key) is None  # the counter does not stay behind
