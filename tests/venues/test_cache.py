"""Public venue reads are cached briefly, and any change shows at once."""

from __future__ import annotations

import pytest

from tests.venues.factories import CompoundFactory, GateFactory, TipFactory, VenueFactory
from venues import services
from venues.models import TipStatus

pytestmark = pytest.mark.django_db


def test_a_second_visit_to_a_venue_page_costs_no_query(client, django_assert_num_queries, within_one_minute):
    venue = VenueFactory(amenities=["toilet"])
    urls = [f"/venues/{venue.id}/", f"/api/v1/venues/{venue.id}/", "/api/v1/venues/?amenity=toilet"]
    for url in urls:
        client.get(url)
    with django_assert_num_queries(0):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"


def test_a_near_list_asked_again_from_the_same_spot_is_kept_and_shows_an_edit_at_once(
    client, street_admin, django_assert_num_queries, within_one_minute
):
    venue = VenueFactory(name="旧名")
    here = "/api/v1/venues/?near=30.6035,104.1262"
    client.get(here)
    # Riders at a rest station ask from one spot (positions are rounded to about 10 m).
    with django_assert_num_queries(0):
        assert client.get("/api/v1/venues/?near=30.60351,104.12619").json()["results"][0]["name"] == "旧名"

    services.venue_update(actor=street_admin, venue=venue, data={"name": "新名", "hours": []})

    assert client.get(here).json()["results"][0]["name"] == "新名"


def test_an_edit_shows_at_once(client, street_admin):
    venue = VenueFactory(name="旧名")
    client.get(f"/venues/{venue.id}/")
    client.get("/api/v1/venues/")

    services.venue_update(actor=street_admin, venue=venue, data={"name": "新名", "hours": []})

    assert "新名" in client.get(f"/venues/{venue.id}/").content.decode()
    assert client.get("/api/v1/venues/").json()["results"][0]["name"] == "新名"
    assert client.get("/api/v1/venues/").json()["results"][0]["open_now"] is None  # hours cleared: not given


def test_a_deactivated_venue_disappears_at_once(client, street_admin):
    venue = VenueFactory()
    assert client.get(f"/venues/{venue.id}/").status_code == 200
    assert client.get("/api/v1/venues/").json()["count"] == 1

    services.venue_set_active(actor=street_admin, venue=venue, active=False)

    assert client.get(f"/venues/{venue.id}/").status_code == 404
    assert client.get("/api/v1/venues/").json()["count"] == 0


def test_an_approved_tip_shows_at_once_on_the_guide(client, rider, reviewer):
    compound = GateFactory(compound=CompoundFactory()).compound
    tip = TipFactory(compound=compound, author=rider, text="北门刷脸")
    assert "北门刷脸" not in client.get(f"/compounds/{compound.id}/").content.decode()

    services.tip_approve(reviewer=reviewer, tip=tip)

    assert "北门刷脸" in client.get(f"/compounds/{compound.id}/").content.decode()
    assert [t["id"] for t in client.get(f"/api/v1/compounds/{compound.id}/").json()["tips"]] == [tip.id]
    tip.refresh_from_db()
    assert tip.status == TipStatus.APPROVED


def test_the_signed_in_parts_are_not_cached(client_for, rider, other_rider):
    compound = CompoundFactory()
    anonymous = client_for(None).get(f"/compounds/{compound.id}/").content.decode()
    signed_in = client_for(rider).get(f"/compounds/{compound.id}/").content.decode()
    assert 'id="tip-form"' not in anonymous and 'id="tip-form"' in signed_in
    assert 'name="csrfmiddlewaretoken"' in signed_in


def test_parameters_the_list_does_not_read_make_no_renderings_of_their_own(client, django_assert_num_queries):
    VenueFactory(name="驿站")
    client.get("/venues/?kind=rest_station")
    with django_assert_num_queries(0):
        for n in range(5):
            assert client.get(f"/venues/?kind=rest_station&z={n}").status_code == 200
