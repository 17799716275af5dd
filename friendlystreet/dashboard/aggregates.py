"""Small aggregate helpers the apps' figure modules share (portable ORM, no raw SQL)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Expression, F, IntegerField, QuerySet, Value, Window
from django.db.models.functions import RowNumber


def hours(value: timedelta | Decimal | int | float | None) -> float:
    """A duration (or microseconds, as SQLite's backend may hand back) in hours, one decimal."""
    if value is None:
        return 0.0
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 3600, 1)
    return round(float(value) / 3600 / 1_000_000, 1)


def median_hours_by(queryset: QuerySet, duration: Expression, group: Expression | None = None) -> dict[Any, float]:
    """The median of `duration` over `queryset` in hours, for each value of `group` (a
    community id, say), or once for the whole queryset (key None) without one: {group: hours}.
    A group with no rows has no key.

    One query, the same on SQLite and PostgreSQL: window functions number the durations in
    order within each group and count the group, and only each group's middle row (odd
    count) or two middle rows (even count) come back: row r of n is one when
    n <= 2r <= n + 2. Their mean is the median. Never the whole column."""
    over = {"partition_by": [F("group_key")]} if group is not None else {}
    ranked = queryset.annotate(
        span=duration,
        group_key=group if group is not None else Value(None, output_field=IntegerField()),
    ).annotate(
        position=Window(RowNumber(), order_by=F("span").asc(), **over),
        size=Window(Count("pk"), **over),
    )
    middle = ranked.filter(size__lte=2 * F("position"), size__gte=2 * F("position") - 2)
    spans: dict[Any, list[float]] = defaultdict(list)
    for key, value in middle.order_by().values_list("group_key", "span"):
        spans[key].append(value.total_seconds() if isinstance(value, timedelta) else float(value) / 1_000_000)
    return {key: round(sum(values) / len(values) / 3600, 1) for key, values in spans.items()}


def median_hours(queryset: QuerySet, duration: Expression) -> float | None:
    """The median of `duration` over the whole `queryset` in hours (None when it is empty):
    median_hours_by without a group."""
    return median_hours_by(queryset, duration).get(None)


def grouped(rows, key: str = "cid") -> dict[Any, dict[str, Any]]:
    """[{cid: 3, a: 1, b: 2}, ...] (cid: the community id) (a `.values(key).annotate(...)` query) → {3: {a: 1, b: 2}}."""
    out: dict[Any, dict[str, Any]] = defaultdict(dict)
    for row in rows:
        row = dict(row)
        out[row.pop(key)].update(row)
    return dict(out)
