"""Partner operators see their venues in /api/v1/me/; the demo has the Chenglong Road venues."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.venues.factories import VenueFactory
from venues.models import Compound, Tip, TipStatus, Venue, VenueKind

pytestmark = pytest.mark.django_db


def test_a_partner_operator_sees_the_venues_they_run(api_for, merchant_a, merchant_b):
    barber = VenueFactory(name="王师傅理发店", kind=VenueKind.MERCHANT)
    barber.operators.add(merchant_a)
    VenueFactory(name="别家").operators.add(merchant_b)

    me = api_for(merchant_a).get("/api/v1/me/").json()

    assert me["venues"] == [{"id": barber.id, "name": "王师傅理发店", "kind": "merchant"}]


def test_a_rider_has_no_venues_field(api_for, rider):
    assert "venues" not in api_for(rider).get("/api/v1/me/").json()


def test_the_demo_has_venues_of_every_kind_compounds_and_linked_operators(settings):
    settings.DEBUG = True
    call_command("seed_demo")

    assert Venue.objects.count() >= 12
    assert set(Venue.objects.values_list("kind", flat=True)) == set(VenueKind.values)
    assert Compound.objects.count() == 3
    assert sum(b.count for c in Compound.objects.all() for b in c.warm_bikes.all()) == 10
    assert all(c.gates.exists() and c.parking_spots.exists() for c in Compound.objects.all())
    assert Tip.objects.filter(status=TipStatus.APPROVED).count() >= 3
    assert Venue.objects.get(operators__username="barber").kind == VenueKind.MERCHANT
    assert Venue.objects.get(operators__username="clinic").kind == VenueKind.HOSPITAL
