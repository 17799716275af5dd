"""The public venue reads kept briefly in the cache (friendlystreet.public_cache): the
venue and compound pages, the lists without a rider's position, the amenities.

They are the same for everyone and read far more often than written. A key holds the
language, the minute (Asia/Shanghai: "open now" and "today" change with the clock) and
what was asked; any write to the venues tables bumps the app's version (model signals in
apps.py, services after bulk writes), so a change shows at once. Nothing a user owns or
may do goes in: the pages render the signed-in parts around the cached body.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.utils.translation import get_language

from friendlystreet.public_cache import PublicVersion

from . import hours as hours_lib

T = TypeVar("T")
SECONDS = 60  # also the max-age the API's public answers carry
VENUES = PublicVersion("venues")
# Every venue write calls this (model signals, and services after bulk writes).
invalidate = VENUES.bump


def remember(parts: tuple[Any, ...], build: Callable[[], T]) -> T:
    minute = hours_lib.local().strftime("%Y%m%d%H%M")
    return VENUES.remember((get_language(), minute, *parts), build, SECONDS)
