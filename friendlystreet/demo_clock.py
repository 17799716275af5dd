"""The demo's history, lived through the services in the order it happened (seed_demo).

A demo that does everything "now" shows a street office a programme that began this morning:
every rider registered today, every point earned and spent today, and last month's figures
empty. Dating rows afterwards cannot fix it for the ledger, which is append-only and dates each
entry when it is written. So the demo modules `schedule()` each step (a claim submitted, a
reviewer's decision, a voucher bought or used, a check-in, a report accepted) at the moment it
happened, within the last ~3 months, and seed_demo `run()`s them in time order with the clock
(django.utils.timezone.now, which the services and every auto_now field read) set to that moment.
Every row is then written once with its own date; balances are built up in the order the points
came and went, so each entry's "balance after" reads true in the passbook; and the services'
own rules (caps, deadlines, check-in windows, stock, monthly limits) apply as they did then.

Moments are fixed offsets from today, so the demo is the same on every run of a day; the clock
stands still during a step and is never ahead of the real one. It is the demo's only: nothing outside seed_demo schedules or runs.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from friendlystreet.days import local_today, local_zone

HISTORY_DAYS = 100  # how far back the demo's programme goes

_queue: list[tuple[datetime, int, Callable[[], None]]] = []
_order = itertools.count()
# The clock outside the demo's moments while a step is lived (at): the real one, or the one a
# test set. Read when a step starts, not when this module was imported, so that a step leaves
# the clock as it found it.
_outside: list[Callable[[], datetime]] = []


def real_now() -> datetime:
    """Now outside the demo's moments, also from within a step."""
    return (_outside[0] if _outside else timezone.now)()


def moment(days_ago: float, hour: int = 10, minute: int = 0) -> datetime:
    """`hour:minute` (Asia/Shanghai) of the day `days_ago` days before today, never later than a
    few minutes ago (a step planned for later today happens just before the demo is loaded)."""
    day = local_today(real_now()) - timedelta(days=int(days_ago))
    at = datetime.combine(day, time(hour, minute), tzinfo=local_zone())
    return min(at, real_now() - timedelta(minutes=3))


def minutes_ago(minutes: float) -> datetime:
    return real_now() - timedelta(minutes=minutes)


@contextmanager
def at(when: datetime) -> Iterator[None]:
    """The clock reads `when` inside the block: a step is one moment (a report and its first
    update, a claim and its ledger entry, are written at the same instant, as they would be
    within one request; the next step's id comes after)."""
    frozen = when.astimezone(UTC)
    _outside.append(timezone.now)
    timezone.now = lambda: frozen
    try:
        yield
    finally:
        timezone.now = _outside.pop()


def schedule(when: datetime, step: Callable[[], None]) -> None:
    """Do `step` at `when` (a step may schedule later ones: staff answer a report after it was
    filed): never before the moment of the step that schedules it, never after the real now.
    Steps at the same moment run in the order they were scheduled."""
    if _outside:  # within a step: not before it
        when = max(when, timezone.now())
    when = min(when, real_now())
    heapq.heappush(_queue, (when, next(_order), step))


def run() -> int:
    """Live through everything scheduled, in time order; return how many steps ran."""
    done = 0
    while _queue:
        when, _n, step = heapq.heappop(_queue)
        with at(when):
            step()
        done += 1
    return done


def clear() -> None:
    """Forget what a failed seed left scheduled."""
    _queue.clear()
