"""The rider's map and list, and a venue's page: public, filterable, a fixed number of queries."""

from __future__ import annotations

import json
import re

import pytest

from tests.venues.factories import HERE, VenueFactory, VenuePhotoFactory, amenity
from venues.models import VenueKind

pytestmark = pytest.mark.django_db


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [int(x) for x in re.findall(r'data-testid="venue-item" data-venue-id="(\d+)"', response.content.decode())]


def test_the_list_filters_by_amenity_kind_and_open_now(client):
    charging = VenueFactory(amenities=["phone_charging"], kind=VenueKind.MERCHANT)
    VenueFactory(amenities=["toilet"], kind=VenueKind.MERCHANT)
    closed = VenueFactory(amenities=["phone_charging"], kind=VenueKind.HOSPITAL, hours="")

    assert set(listed(client.get("/venues/", {"amenity": "phone_charging"}))) == {charging.id, closed.id}
    assert listed(client.get("/venues/", {"amenity": "phone_charging", "kind": "merchant"})) == [charging.id]
    assert listed(client.get("/venues/", {"amenity": "phone_charging", "open_now": "on"})) == [charging.id]


def test_with_a_location_the_list_is_nearest_first_with_distances(client):
    far = VenueFactory(lat=HERE[0] + 0.02, lng=HERE[1])
    near = VenueFactory(lat=HERE[0] + 0.001, lng=HERE[1])

    response = client.get("/venues/", {"near": f"{HERE[0]},{HERE[1]}"})

    assert listed(response) == [near.id, far.id]
    html = response.content.decode()
    assert html.count('data-testid="distance"') == 2
    assert re.search(r'data-testid="distance">\s*1\d0\s*(m|米)', html)  # about 110 m


def test_a_malformed_location_is_ignored_not_an_error(client):
    VenueFactory()
    assert len(listed(client.get("/venues/", {"near": "here please"}))) == 1


def test_the_map_gets_its_tiles_and_markers_from_settings_and_data(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example"
    venue = VenueFactory(name="驿站")

    html = client.get("/venues/").content.decode()

    assert 'data-tile-url="https://tiles.example/{z}/{x}/{y}.png"' in html
    markers = json.loads(re.search(r'<script id="venue-markers" type="application/json">(.*?)</script>', html).group(1))
    # Where and what kind only: venues.js takes the name and link from the venue's card and the
    # kind's name and pin letter from the legend, which say them once for the whole page.
    assert markers == [{"id": venue.id, "lat": HERE[0], "lng": HERE[1], "kind": "community_station"}]
    assert f'data-venue-id="{venue.id}">' in html and f'<h2><a href="/venues/{venue.id}/" class="covers">驿站</a></h2>' in html
    assert '<li data-kind="community_station"><span class="pin pin-community_station" aria-hidden="true">驿</span>' in html
    # Scripts come from static files only (strict CSP): no inline code.
    assert not re.search(r"<script(?![^>]*(src=|application/json))", html)
    assert "style=" not in html


def test_the_list_page_is_a_constant_number_of_queries(client, django_assert_num_queries, within_one_minute):
    for i in range(40):
        VenueFactory(amenities=["phone_charging", "toilet"], lat=HERE[0] + i * 0.0001)
    query = {"near": f"{HERE[0]},{HERE[1]}", "amenity": "phone_charging"}
    # The active amenities for the filter (kept from now on), the count, the page, the
    # amenities of the page; the same on PostgreSQL, which walked an index of hidden
    # columns (5 queries, then 1 from elsewhere, with the totals and codes kept) until the
    # ORM became the only venue search.
    # One more since the list shows pictures: the first photo of each venue on the page.
    # And one more since each card says when its venue opens or closes (the hours of the
    # page's venues), paid for by the count, which now rides with the page (COUNT(*) OVER ()).
    with django_assert_num_queries(5):
        client.get("/venues/", query)
    with django_assert_num_queries(4):
        client.get("/venues/", {**query, "near": f"{HERE[0] + 0.01},{HERE[1]}"})


def test_the_venue_page_shows_hours_amenities_services_and_navigation(client, settings):
    settings.MAP_COORD_SYSTEM = "wgs84"
    venue = VenueFactory(
        name="成龙路街道社区卫生服务中心",
        kind=VenueKind.HOSPITAL,
        hours="Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00",
        amenities=["first_aid"],
        services=["每月义诊", "用药咨询"],
        plaque_number="CLL-NX-2024-009",
    )
    VenuePhotoFactory(venue=venue)

    response = client.get(f"/venues/{venue.id}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "每月义诊" in html and "CLL-NX-2024-009" in html and 'data-code="first_aid"' in html
    assert html.count("<tr") == 7  # a row per day of the week
    assert 'data-testid="nav-amap" href="https://uri.amap.com/marker?position=' in html
    assert "coordinate=wgs84" in html and "coord_type=wgs84" in html
    assert 'data-testid="nav-apple" href="https://maps.apple.com/?ll=' in html


def test_the_venue_page_is_a_constant_number_of_queries(client, django_assert_num_queries):
    venue = VenueFactory(amenities=["a1", "a2", "a3"])
    for _ in range(3):
        VenuePhotoFactory(venue=venue)
    # venue with community, hours, amenities, photos; the points app's rewards panel
    # (venues.hooks.venue_panels), which is cached on its own
    with django_assert_num_queries(5):
        assert client.get(f"/venues/{venue.id}/").status_code == 200


def test_a_signed_in_rider_pays_only_for_themselves_around_the_cached_venue_page(
    client_for, rider, django_assert_num_queries, within_one_minute
):
    venue = VenueFactory(amenities=["a1"])
    client_for(None).get(f"/venues/{venue.id}/")  # someone has seen it this minute
    signed_in = client_for(rider)
    # The rider, their permissions (the menu asks), the bell's unread count: the body, the
    # amenities and the rewards panel come from the public cache.
    with django_assert_num_queries(3):
        assert signed_in.get(f"/venues/{venue.id}/").status_code == 200


def test_unknown_or_inactive_venue_is_404(client):
    inactive = VenueFactory(active=False)
    assert client.get(f"/venues/{inactive.id}/").status_code == 404
    assert client.get("/venues/999999/").status_code == 404


def test_a_deactivated_venues_photos_are_not_public(client, client_for, street_admin):
    photo = VenuePhotoFactory(venue=VenueFactory(active=False))
    assert client.get(f"/venues/photos/{photo.id}/").status_code == 404
    assert client_for(street_admin).get(f"/venues/photos/{photo.id}/").status_code == 200


def test_an_unknown_amenity_in_the_page_filter_is_ignored(client):
    amenity("toilet")
    VenueFactory()
    response = client.get("/venues/", {"amenity": "teleporter"})
    assert response.status_code == 200
