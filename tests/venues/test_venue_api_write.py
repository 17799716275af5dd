"""Staff endpoints create and change venues; bad input is a 400 naming the field."""

from __future__ import annotations

import pytest

from tests.venues.factories import VenueFactory, VenuePhotoFactory, amenity
from venues.models import Venue

pytestmark = pytest.mark.django_db

CREATE = "/api/v1/venues/create/"


def body(**overrides) -> dict:
    data = {
        "name": "暖新驿站",
        "kind": "community_station",
        "address": "锦江区成龙大道二段88号",
        "lat": 30.6035,
        "lng": 104.1262,
        "amenities": ["phone_charging"],
        "services": ["免费热水"],
        "hours": [
            {"day": 0, "opens": "08:00", "closes": "12:00"},
            {"day": 5, "opens": "22:00", "closes": "02:00", "overnight": True},
        ],
    }
    data.update(overrides)
    return data


def test_street_admin_creates_a_venue_and_gets_its_detail(api_for, street_admin):
    amenity("phone_charging")

    response = api_for(street_admin).post(CREATE, body(), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["amenities"] == [{"code": "phone_charging", "name": "phone_charging"}]
    assert data["hours"] == [
        {"day": 0, "opens": "08:00", "closes": "12:00", "overnight": False},
        {"day": 5, "opens": "22:00", "closes": "02:00", "overnight": True},
    ]
    # In words, in the request's language, the closed days named.
    assert data["hours_text"] == "星期一 08:00–12:00；星期二–星期五休息；星期六 22:00–次日02:00；星期日休息"
    assert Venue.objects.get().name == "暖新驿站"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"lat": 91}, "lat"),
        ({"lng": "east"}, "lng"),
        ({"amenities": ["teleporter"]}, "amenities"),
        ({"hours": [{"day": 0, "opens": "18:00", "closes": "08:00"}]}, "hours"),  # ends before it starts
        ({"hours": [{"day": 0, "opens": "08:00", "closes": "12:00"}, {"day": 0, "opens": "11:00", "closes": "13:00"}]}, "hours"),
        ({"hours": [{"day": 7, "opens": "08:00", "closes": "12:00"}]}, "hours"),
        ({"kind": "castle"}, "kind"),
    ],
)
def test_bad_input_is_a_400_and_nothing_is_written(api_for, street_admin, overrides, field):
    amenity("phone_charging")
    response = api_for(street_admin).post(CREATE, body(**overrides), format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]
    assert not Venue.objects.exists()


def test_a_rider_cannot_create_or_update_venues(api_for, rider):
    venue = VenueFactory(name="原名")
    client = api_for(rider)
    assert client.post(CREATE, body(), format="json").status_code == 403
    assert client.patch(f"/api/v1/venues/{venue.id}/update/", {"name": "改"}, format="json").status_code == 403
    venue.refresh_from_db()
    assert venue.name == "原名"


def test_street_admin_updates_some_fields_and_deactivates(api_for, street_admin):
    venue = VenueFactory(name="原名", hours="24/7")
    client = api_for(street_admin)

    response = client.patch(f"/api/v1/venues/{venue.id}/update/", {"name": "新名", "active": False}, format="json")

    assert response.status_code == 200
    venue.refresh_from_db()
    assert (venue.name, venue.active) == ("新名", False)
    assert venue.hours.count() == 7  # untouched


def test_street_admin_patches_the_hours_without_saying_overnight(api_for, street_admin):
    # Found by schemathesis: a PATCH applies no defaults to nested items (it was a 500).
    venue = VenueFactory(hours="24/7")
    hours = [{"day": 0, "opens": "8:00", "closes": "20:00"}]

    response = api_for(street_admin).patch(f"/api/v1/venues/{venue.id}/update/", {"hours": hours}, format="json")

    assert response.status_code == 200
    assert response.json()["hours"] == [{"day": 0, "opens": "08:00", "closes": "20:00", "overnight": False}]


def test_detail_has_hours_services_phone_plaque_and_navigation(client, settings):
    settings.MAP_COORD_SYSTEM = "gcj02"
    venue = VenueFactory(name="理发店", plaque_number="CLL-NX-005", services=["快剪"], lat=30.6011, lng=104.124)

    data = client.get(f"/api/v1/venues/{venue.id}/").json()

    assert data["plaque"]["number"] == "CLL-NX-005"
    assert data["services"] == ["快剪"] and data["phone"] == venue.phone
    assert data["open_now"] is True and data["coord_system"] == "gcj02"
    nav = data["navigation"]
    assert nav["amap"].startswith("https://uri.amap.com/marker?position=104.124000,30.601100&")
    assert "coordinate=gaode" in nav["amap"]
    assert nav["baidu"].startswith("https://api.map.baidu.com/marker?location=30.601100,104.124000&")
    assert "coord_type=gcj02" in nav["baidu"] and "output=html" in nav["baidu"] and "src=" in nav["baidu"]
    assert nav["apple"].startswith("https://maps.apple.com/?ll=30.601100,104.124000&q=")


def test_the_detail_is_a_constant_number_of_queries_and_the_same_for_a_signed_in_rider(
    client, api_for, rider, django_assert_num_queries, within_one_minute
):
    venue = VenueFactory(amenities=["a1", "a2"])
    for _ in range(3):
        VenuePhotoFactory(venue=venue)
    # The venue with its community, hours, amenities, photos; the points app's rewards.
    with django_assert_num_queries(5):
        anonymous = client.get(f"/api/v1/venues/{venue.id}/").json()
    # A signed-in rider gets the public answer: nobody is looked up (it cost 1 for the user).
    signed_in = api_for(rider)
    with django_assert_num_queries(0):
        assert signed_in.get(f"/api/v1/venues/{venue.id}/").json() == anonymous


def test_navigation_links_say_wgs84_when_the_tiles_are_openstreetmap(client, settings):
    settings.MAP_COORD_SYSTEM = "wgs84"
    venue = VenueFactory()
    nav = client.get(f"/api/v1/venues/{venue.id}/").json()["navigation"]
    assert "coordinate=wgs84" in nav["amap"] and "coord_type=wgs84" in nav["baidu"]


def test_unknown_venue_is_a_json_404(client):
    response = client.get("/api/v1/venues/999999/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
