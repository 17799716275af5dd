"""Fixtures of the volunteer stories."""

from __future__ import annotations

import pytest

from tests.volunteers.factories import ActivityFactory


@pytest.fixture
def activity(db):
    return ActivityFactory(title="成龙路街道清洁", capacity=10)


@pytest.fixture
def staff(client_for, reviewer):
    """A reviewer signed in: staff who run activities, check riders in and triage reports."""
    return client_for(reviewer)
