"""A browser cannot send a chosen file back: when the venue form is refused, a street admin
who had chosen a photo is told to choose it again, at the top and at the photo field (as on
the report and claim forms), instead of finding the file input silently empty."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.venues.factories import VenueFactory, jpeg_bytes
from venues.models import Venue, VenuePhoto

pytestmark = pytest.mark.django_db

NEW = "/staff/venues/new/"
LOST = "照片没有保留，请重新选择。"


def form_data(**overrides) -> dict:
    data = {
        "name": "测试驿站A",
        "kind": "community_station",
        "address": "锦江区成龙大道二段100号",
        "lat": "30.6011",
        "lng": "104.1240",
        "hours_text": "Mo-Su 09:00-21:00",
        "active": "on",
    }
    data.update(overrides)
    return data


def photo():
    return SimpleUploadedFile("door.jpg", jpeg_bytes(), content_type="image/jpeg")


def test_a_refused_new_venue_with_a_photo_says_to_choose_it_again(client_for, street_admin):
    response = client_for(street_admin).post(NEW, form_data(address="", photo=photo()))

    assert response.status_code == 400
    html = response.content.decode()
    top = html[: html.index('id="field-name"')]
    assert "请检查标出的内容。照片没有保留，请重新选择。" in top
    assert LOST in response.context["form"].errors["photo"]
    photo_field = html[html.index('id="field-photo"') :]
    assert LOST in photo_field[: photo_field.index("</div>")]
    assert "address" in response.context["form"].errors
    assert not Venue.objects.exists()


def test_a_refused_form_without_a_photo_does_not_mention_photos(client_for, street_admin):
    response = client_for(street_admin).post(NEW, form_data(address=""))

    assert response.status_code == 400
    html = response.content.decode()
    assert "请检查标出的内容。" in html
    assert LOST not in html


def test_a_refused_edit_with_a_photo_says_so_too(client_for, street_admin):
    venue = VenueFactory()

    response = client_for(street_admin).post(f"/staff/venues/{venue.id}/", form_data(lat="95", photo=photo()))

    assert response.status_code == 400
    assert LOST in response.content.decode()
    assert not VenuePhoto.objects.exists()


def test_a_duplicate_refused_with_a_photo_says_so_too(client_for, street_admin):
    VenueFactory(name="测试驿站A", address="锦江区成龙大道二段100号")

    response = client_for(street_admin).post(NEW, form_data(photo=photo()))

    assert response.status_code == 400
    assert LOST in response.content.decode()


def test_a_new_venue_whose_photo_is_refused_is_not_saved_and_says_why_at_the_photo(client_for, street_admin):
    """The photo is checked with the form (staff-content review #9): the venue is not created
    without it, and the page says why the photo was refused, once."""
    fake = SimpleUploadedFile("x.jpg", b"not an image at all" * 10, content_type="image/jpeg")

    response = client_for(street_admin).post(NEW, form_data(photo=fake))

    assert response.status_code == 400
    assert not Venue.objects.exists() and not VenuePhoto.objects.exists()
    assert response.context["form"].errors["photo"] == ["无法识别此文件为图片，请上传 JPEG、PNG 或 WebP 格式的照片。"]
