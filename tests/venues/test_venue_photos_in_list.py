"""Pictures in the venue list: a small copy made at upload (cleaned first), lazy-loaded and
sized so that a phone on a weak signal loads only what it scrolls to; a placeholder in the
kind's colour for a venue without one."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.venues.factories import VenueFactory, VenuePhotoFactory
from venues import services
from venues.models import VenueKind, VenuePhoto

pytestmark = pytest.mark.django_db


def big_photo_with_gps() -> bytes:
    image = Image.new("RGB", (2000, 1500), (40, 120, 200))
    exif = Image.Exif()
    exif[0x8825] = {2: (30.0, 36.0, 12.0)}  # GPSInfo: latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def photo_of_a_street() -> bytes:
    """Noise compresses as badly as a real photo does; a plain colour would not."""
    out = io.BytesIO()
    Image.merge("RGB", [Image.effect_noise((1600, 1200), 60)] * 3).save(out, format="JPEG")
    return out.getvalue()


def upload(street_admin, venue, data: bytes, name="IMG_20240501.jpg") -> VenuePhoto:
    return services.venue_photo_add(
        actor=street_admin, venue=venue, upload=SimpleUploadedFile(name, data, content_type="image/jpeg"), caption="门口"
    )


def test_an_uploaded_photo_gets_a_small_clean_thumbnail_beside_it(street_admin):
    venue = VenueFactory()
    photo = upload(street_admin, venue, big_photo_with_gps())

    assert photo.thumbnail.name.endswith("_thumb.jpg")
    assert photo.thumbnail.name.rsplit("/", 1)[0] == photo.image.name.rsplit("/", 1)[0]
    assert "IMG_20240501" not in photo.thumbnail.name
    with photo.thumbnail.open("rb") as handle:
        thumb = Image.open(io.BytesIO(handle.read()))
        assert thumb.size == (480, 360) == (photo.thumb_width, photo.thumb_height)
        assert len(thumb.getexif()) == 0  # made from the cleaned image: no GPS


def test_the_list_shows_a_list_sized_copy_lazy_and_sized(client, street_admin):
    venue = VenueFactory(name="有照片的驿站")
    photo = upload(street_admin, venue, photo_of_a_street())

    html = client.get("/venues/").content.decode()

    img = re.search(r'<img class="venue-thumb"[^>]*>', html).group(0)
    assert f'src="/venues/photos/{photo.pk}/list/"' in img
    assert 'loading="lazy"' in img and 'width="480"' in img and 'height="360"' in img  # the shape, for the layout
    served = client.get(f"/venues/photos/{photo.pk}/list/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["Cache-Control"] == "public, max-age=86400"
    # A row shows it 88 px wide: 240 px, a quarter of the venue page's 480 px thumbnail's bytes.
    small = Image.open(io.BytesIO(served.content))
    assert small.size == (240, 180) and len(small.getexif()) == 0
    assert len(served.content) * 3 < len(client.get(f"/venues/photos/{photo.pk}/thumb/").content)
    assert client.get(f"/venues/photos/{photo.pk}/list/").content == served.content  # the same copy each time


def test_the_venue_page_still_shows_the_480_px_thumbnail(client, street_admin):
    photo = upload(street_admin, VenueFactory(), big_photo_with_gps())

    served = client.get(f"/venues/photos/{photo.pk}/thumb/")

    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert len(served.content) < 60_000  # a phone's page, not the 2560 px photo
    assert Image.open(io.BytesIO(served.content)).size == (480, 360)


def test_a_venue_without_a_photo_shows_a_placeholder_in_its_kinds_colour(client):
    VenueFactory(name="还没有照片", kind=VenueKind.HOSPITAL)

    html = client.get("/venues/").content.decode()

    assert '<img class="venue-thumb"' not in html
    assert re.search(r'class="venue-thumb placeholder pin-hospital"[^>]*data-testid="venue-photo-placeholder"', html)


def test_an_older_photo_without_thumbnail_is_served_whole_from_the_thumb_address(client):
    photo = VenuePhotoFactory(venue=VenueFactory())
    assert not photo.thumbnail

    assert client.get(f"/venues/photos/{photo.pk}/thumb/").status_code == 200
    served = client.get(f"/venues/photos/{photo.pk}/list/")
    assert served.status_code == 200 and Image.open(io.BytesIO(served.content)).size == (40, 30)  # never enlarged


def test_only_cleaned_images_are_stored_a_text_file_is_refused(street_admin):
    venue = VenueFactory()
    with pytest.raises(ValidationError):
        upload(street_admin, venue, b"<?php echo 1; ?>", name="photo.jpg")
    assert not VenuePhoto.objects.exists()


def test_the_thumbnail_of_an_inactive_venue_is_not_public(client, street_admin):
    venue = VenueFactory()
    photo = upload(street_admin, venue, big_photo_with_gps())
    venue.active = False
    venue.save(update_fields=["active"])

    assert client.get(f"/venues/photos/{photo.pk}/thumb/").status_code == 404
    assert client.get(f"/venues/photos/{photo.pk}/list/").status_code == 404


def test_deleting_a_photo_deletes_its_thumbnail_too(street_admin, django_capture_on_commit_callbacks):
    photo = upload(street_admin, VenueFactory(), big_photo_with_gps())
    storage, names = photo.image.storage, [photo.image.name, photo.thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        services.venue_photo_delete(actor=street_admin, photo=photo)

    assert not any(storage.exists(name) for name in names)
