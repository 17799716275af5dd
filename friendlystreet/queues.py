"""The one "... and next" of the staff queues: claims ("approve and next", "reject and next"),
riders to verify ("verify and next") and neighbourhood reports ("save and next").

- `next_in_queue`: which one opens next, in the queue's own order.
- `and_next`: where the decision's redirect goes (that one, or the queue saying none is left).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def next_in_queue(waiting: QuerySet, *, after: Any, order: Sequence[str]) -> int | None:
    """The id of the row after `after` in the queue's `order` (field names, "-" for descending,
    then id), else the first one still waiting, so that a reviewer who started in the middle
    goes round to the ones above. `after` holds its own values of those fields (as it was
    placed in the queue when the reviewer opened it: a decision may move it)."""
    keys = [*order, "id"]
    later, same = Q(), Q()
    for key in keys:
        name = key.removeprefix("-")
        value = after.pk if name == "id" else getattr(after, name)
        later |= same & Q(**{f"{name}__{'lt' if key.startswith('-') else 'gt'}": value})
        same &= Q(**{name: value})
    ids = waiting.exclude(pk=after.pk).order_by(*keys).values_list("id", flat=True)
    return ids.filter(later).first() or ids.first()


def and_next(request: HttpRequest, *, next_url: str | None, queue_url: str, none_left: str) -> HttpResponse:
    """Where a decision sent with "... and next" (an and_next button) goes: the next one waiting,
    the decision's message above it; or, when none is left, the queue, saying so."""
    if next_url:
        return redirect(next_url)
    messages.info(request, none_left)
    return redirect(queue_url)
