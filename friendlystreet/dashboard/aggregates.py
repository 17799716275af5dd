"""Small aggregate helpers the apps' figure modules share (portable ORM, no raw SQL)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Expression, QuerySet


def hours(value: timedelta | Decimal | int | float | None) -> float:
    """A duration (or microseconds, as SQLite's backend may hand back) in hours, one decimal."""
    if value is None:
        return 0.0
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 3600, 1)
    return round(float(value) / 3600 / 1_000_000, 1)


def median_hours(queryset: QuerySet, duration: Expression, count: int) -> float | None:
    """The median of `duration` over `queryset` (whose size the caller already counted) in
    hours: the middle one or two values of the ordered durations, fetched with LIMIT/OFFSET
    (one small query), never the whole column. None when there is nothing to take it of."""
    if not count:
        return None
    middle = (count - 1) // 2
    take = 1 if count % 2 else 2
    values = list(queryset.annotate(span=duration).order_by("span").values_list("span", flat=True)[middle : middle + take])
    if not values:
        return None
    spans = [v.total_seconds() if isinstance(v, timedelta) else float(v) / 1_000_000 for v in values]
    return round(sum(spans) / len(spans) / 3600, 1)


def grouped(rows, key: str = "cid") -> dict[Any, dict[str, Any]]:
    """[{cid: 3, a: 1, b: 2}, ...] (cid: the community id) (a `.values(key).annotate(...)` query) → {3: {a: 1, b: 2}}."""
    out: dict[Any, dict[str, Any]] = defaultdict(dict)
    for row in rows:
        row = dict(row)
        out[row.pop(key)].update(row)
    return dict(out)
