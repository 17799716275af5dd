"""Street admins keep the directory current from the staff area; nobody else can."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from friendlystreet.audit.models import AuditEntry
from tests.test_uploads import jpeg_with_gps
from tests.venues.factories import VenueFactory, amenity
from venues import hours as h
from venues.models import Amenity, Venue, VenuePhoto

pytestmark = pytest.mark.django_db

NEW = "/staff/venues/new/"


def form_data(**overrides) -> dict:
    data = {
        "name": "王师傅理发店",
        "kind": "merchant",
        "address": "锦江区成龙大道二段1066号",
        "lat": "30.6011",
        "lng": "104.1240",
        "phone": "13900000003",
        "hours_text": "Mo-Su 09:00-12:00,14:00-21:00",
        "services_text": "骑手错峰理发专线\n线上预约快剪\n",
        "active": "on",
    }
    data.update(overrides)
    return data


def test_street_admin_creates_a_venue_with_hours_services_and_amenities(client_for, street_admin):
    charging = amenity("phone_charging")

    response = client_for(street_admin).post(NEW, form_data(amenities=[charging.id]))

    assert response.status_code == 302
    venue = Venue.objects.get()
    assert venue.services == ["骑手错峰理发专线", "线上预约快剪"]
    assert list(venue.amenities.all()) == [charging]
    assert h.format_hours(venue.hour_ranges()) == "Mo-Su 09:00-12:00,14:00-21:00"
    assert AuditEntry.objects.filter(action="venues.venue.create", actor=street_admin, target_id=str(venue.id)).exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"lat": "95"}, "lat"),
        ({"lng": "-200"}, "lng"),
        ({"lat": "north"}, "lat"),
        ({"hours_text": "Mo 18:00-08:00"}, "hours_text"),  # ends before it starts
        ({"hours_text": "Mo 08:00-12:00,11:00-13:00"}, "hours_text"),  # overlap
        ({"kind": "castle"}, "kind"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_gives_form_errors_and_writes_nothing(client_for, street_admin, overrides, field):
    response = client_for(street_admin).post(NEW, form_data(**overrides))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Venue.objects.exists()


def test_a_rider_cannot_create_or_edit_venues(client_for, rider):
    venue = VenueFactory(name="原名")
    client = client_for(rider)

    assert client.post(NEW, form_data()).status_code == 403
    assert client.post(f"/staff/venues/{venue.id}/", form_data(name="改名")).status_code == 403
    assert client.post(f"/staff/venues/{venue.id}/active/", {"active": "0"}).status_code == 403
    venue.refresh_from_db()
    assert venue.name == "原名" and venue.active
    assert Venue.objects.count() == 1


def test_a_reviewer_moderates_tips_but_cannot_edit_venues(client_for, reviewer):
    assert client_for(reviewer).get("/staff/venues/").status_code == 403
    assert client_for(reviewer).get("/staff/venues/tips/").status_code == 200


def test_street_admin_edits_a_venue(client_for, street_admin):
    venue = VenueFactory(name="旧名", hours="24/7")

    response = client_for(street_admin).post(f"/staff/venues/{venue.id}/", form_data(name="新名", hours_text="Sa 20:00-03:00+1"))

    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.name == "新名"
    assert venue.hour_ranges() == [h.Range(5, 1200, 1620)]


def test_a_failed_edit_changes_nothing(client_for, street_admin):
    venue = VenueFactory(name="旧名", hours="24/7")
    response = client_for(street_admin).post(f"/staff/venues/{venue.id}/", form_data(name="新名", lat="100"))
    assert response.status_code == 400
    venue.refresh_from_db()
    assert venue.name == "旧名" and h.format_hours(venue.hour_ranges()) == "24/7"


def test_deactivating_hides_the_venue_from_riders_but_keeps_it(client_for, client, street_admin):
    venue = VenueFactory()

    client_for(street_admin).post(f"/staff/venues/{venue.id}/active/", {"active": "0"})

    venue.refresh_from_db()
    assert not venue.active
    assert client.get(f"/venues/{venue.id}/").status_code == 404
    assert client.get(f"/api/v1/venues/{venue.id}/").status_code == 404
    assert client.get("/api/v1/venues/").json()["count"] == 0
    assert client_for(street_admin).get(f"/staff/venues/{venue.id}/").status_code == 200


def test_a_photo_upload_is_re_encoded_without_exif(client_for, street_admin):
    venue = VenueFactory()
    photo = SimpleUploadedFile("IMG_1.jpg", jpeg_with_gps(), content_type="image/jpeg")

    response = client_for(street_admin).post(f"/staff/venues/{venue.id}/", form_data(photo=photo, photo_caption="门口"))

    assert response.status_code == 302
    stored = VenuePhoto.objects.get(venue=venue)
    with stored.image.open("rb") as f:
        image = Image.open(io.BytesIO(f.read()))
        assert len(image.getexif()) == 0
    assert "IMG_1" not in stored.image.name
    public = client_for(None).get(f"/venues/photos/{stored.id}/")
    assert public.status_code == 200 and public["Content-Type"] == "image/jpeg"


def test_a_text_file_as_a_photo_is_refused_on_the_form(client_for, street_admin):
    venue = VenueFactory()
    fake = SimpleUploadedFile("x.jpg", b"not an image at all" * 10, content_type="image/jpeg")
    response = client_for(street_admin).post(f"/staff/venues/{venue.id}/", form_data(photo=fake))
    assert response.status_code == 400
    assert "photo" in response.context["form"].errors
    assert not VenuePhoto.objects.exists()


def test_street_admin_adds_and_renames_an_amenity_but_not_its_code(client_for, street_admin):
    client = client_for(street_admin)
    assert (
        client.post(
            "/staff/venues/amenities/", {"code": "shower", "name": "淋浴", "name_en": "Shower", "position": 5, "active": "on"}
        ).status_code
        == 302
    )
    shower = Amenity.objects.get(code="shower")

    client.post(f"/staff/venues/amenities/{shower.id}/", {"code": "bath", "name": "淋浴间", "name_en": "Shower", "position": 5})

    shower.refresh_from_db()
    assert (shower.code, shower.name, shower.active) == ("shower", "淋浴间", False)


def test_a_duplicate_amenity_code_is_a_form_error(client_for, street_admin):
    amenity("toilet")
    response = client_for(street_admin).post("/staff/venues/amenities/", {"code": "toilet", "name": "厕所", "position": 1})
    assert response.status_code == 400
    assert Amenity.objects.filter(code="toilet").count() == 1


def test_saving_a_venue_unchanged_keeps_its_plaque_and_partner_dates(client_for, street_admin):
    """The edit form shows dates as the browser's date picker needs them (ISO), in Chinese too."""
    import datetime
    import re

    venue = VenueFactory(plaque_date=datetime.date(2024, 9, 20), partner_since=datetime.date(2024, 9, 1))
    html = client_for(street_admin).get(f"/staff/venues/{venue.id}/").content.decode()

    assert re.search(r'type="date" name="plaque_date" value="2024-09-20"', html)
    shown = dict(re.findall(r'name="(plaque_date|partner_since)" value="([^"]*)"', html))
    client_for(street_admin).post(f"/staff/venues/{venue.id}/", form_data(**shown))
    venue.refresh_from_db()
    assert venue.plaque_date == datetime.date(2024, 9, 20)
    assert venue.partner_since == datetime.date(2024, 9, 1)
