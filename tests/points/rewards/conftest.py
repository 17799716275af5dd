"""Fixtures of the rewards stories: the barber (venue A, run by merchant_a) and the
hospital (venue B, run by merchant_b), a haircut reward, a rider with points and their
haircut voucher, and a colleague of merchant_a's at the barber's."""

from __future__ import annotations

import pytest

from tests.factories import PartnerFactory
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.venues.factories import VenueFactory
from venues.models import VenueKind


@pytest.fixture
def barber(db, merchant_a):
    venue = VenueFactory(name="王师傅理发店", kind=VenueKind.MERCHANT)
    venue.operators.add(merchant_a)
    return venue


@pytest.fixture
def hospital(db, merchant_b):
    venue = VenueFactory(name="社区卫生服务中心", kind=VenueKind.HOSPITAL)
    venue.operators.add(merchant_b)
    return venue


@pytest.fixture
def haircut(barber):
    return RewardFactory(venue=barber, title="免费快剪一次", cost=80, stock=None, per_rider_monthly_limit=1)


@pytest.fixture
def care_pack(hospital):
    return RewardFactory(venue=hospital, title="夏季关爱包", cost=60, stock=5)


@pytest.fixture
def rich_rider(rider):
    give_points(rider, 300)
    return rider


@pytest.fixture
def voucher(rich_rider, haircut):
    return issue(rich_rider, haircut)


@pytest.fixture
def colleague(barber):
    """Another partner operator of the barber's, with a name colleagues see."""
    person = PartnerFactory(display_name="理发店小李")
    barber.operators.add(person)
    return person
