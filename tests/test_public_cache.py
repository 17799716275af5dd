"""The one cache of public renderings (friendlystreet/public_cache.py): built once, used
until the app's data changes, never after."""

from __future__ import annotations

import pytest
from django.db import transaction

from friendlystreet.public_cache import PublicVersion

pytestmark = pytest.mark.django_db(transaction=True)


class Builds:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"rendering {self.count}"


def test_a_rendering_is_built_once_per_parts_and_kept():
    version, build = PublicVersion("test"), Builds()
    assert version.remember(("page", "zh-hans"), build, 60) == "rendering 1"
    assert version.remember(("page", "zh-hans"), build, 60) == "rendering 1"
    assert version.remember(("page", "en"), build, 60) == "rendering 2"


def test_a_bump_makes_every_rendering_of_the_app_stale_and_only_of_that_app():
    venues, points, build = PublicVersion("test-venues"), PublicVersion("test-points"), Builds()
    venues.remember(("page",), build, 60)
    points.remember(("page",), build, 60)
    venues.bump()
    assert venues.remember(("page",), build, 60) == "rendering 3"
    assert points.remember(("page",), build, 60) == "rendering 2"


def test_what_others_render_while_a_write_is_uncommitted_is_dropped_at_the_commit():
    version, build = PublicVersion("test"), Builds()
    with transaction.atomic():
        version.bump()  # the write, not yet committed
        version.remember(("page",), build, 60)  # someone renders the data before the change
    assert version.remember(("page",), build, 60) == "rendering 2"


def test_a_write_that_rolls_back_costs_one_rendering_and_nothing_else():
    version, build = PublicVersion("test"), Builds()
    version.remember(("page",), build, 60)
    with pytest.raises(RuntimeError), transaction.atomic():
        version.bump()
        raise RuntimeError
    assert version.remember(("page",), build, 60) == "rendering 2"
    assert version.remember(("page",), build, 60) == "rendering 2"


def test_no_seconds_means_no_keeping():
    version, build = PublicVersion("test"), Builds()
    version.remember(("page",), build, 0)
    assert version.remember(("page",), build, 0) == "rendering 2"
