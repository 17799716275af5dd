"""Fixtures of the volunteer stories."""

from __future__ import annotations

import pytest

from tests.volunteers.factories import ActivityFactory


@pytest.fixture
def activity(db):
    return ActivityFactory(title="成龙路街道清洁", capacity=10)
