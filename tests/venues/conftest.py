from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # The tip throttle counts in the cache, keyed by user id; ids repeat across tests on SQLite.
    cache.clear()
    yield
    cache.clear()
