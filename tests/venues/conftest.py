"""The venues the partner operators of tests/conftest.py run: the barber's shop (merchant_a)
and the community clinic (merchant_b)."""

from __future__ import annotations

import pytest

from tests.venues.factories import VenueFactory


@pytest.fixture
def shop(merchant_a):
    venue = VenueFactory(name="王师傅理发店", phone="028-85551234", plaque_number="CLL-NX-2024-005")
    venue.operators.add(merchant_a)
    return venue


@pytest.fixture
def clinic(merchant_b):
    venue = VenueFactory(name="社区卫生服务中心", phone="028-86661234")
    venue.operators.add(merchant_b)
    return venue
