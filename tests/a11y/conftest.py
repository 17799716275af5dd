from __future__ import annotations

import pytest

from tests.a11y.pages import demo_world, html_visits


@pytest.fixture
def demo(transactional_db):
    """The demo's personas and every page to visit (see tests/a11y/pages.py)."""
    world = demo_world()
    return world, html_visits(world)
