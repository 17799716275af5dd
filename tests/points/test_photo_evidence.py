"""Evidence photos: images only (by content), size- and pixel-capped, stripped of EXIF,
and shown only to the rider who sent them and to reviewers."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

from points.models import Claim, ClaimPhoto
from tests.points.factories import image_bytes

pytestmark = pytest.mark.django_db


def submit(api, rule, *photos):
    return api.post(
        "/api/v1/claims/",
        {"rule": rule.pk, "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(), "photos": list(photos)},
        format="multipart",
    )


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "RiderPhone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (30.0, 39.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (104.0, 5.0, 30.25)
    return image_bytes("JPEG", size=(120, 90), exif=exif)


def png_bomb(side: int = 20000) -> bytes:
    """A real decompression bomb: a 1-bit 20000×20000 PNG of zeros, about 50 KB on disk,
    400 megapixels once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * (1 + side // 8)  # filter byte + 1 bit per pixel
    z = zlib.compressobj(9)
    idat = b"".join(z.compress(row) for _ in range(side)) + z.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_gps_exif_is_gone_from_the_stored_photo(api_for, rider, photo_rule):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload has a position

    response = submit(api_for(rider), photo_rule, SimpleUploadedFile("IMG_0001.jpg", original, content_type="image/jpeg"))

    assert response.status_code == 201, response.json()
    photo = ClaimPhoto.objects.get()
    with photo.image.open("rb") as f:
        stored = f.read()
    assert b"Exif" not in stored
    assert b"RiderPhone" not in stored
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif()
    assert image.size == (120, 90)
    assert "IMG_0001" not in photo.image.name  # the stored name is ours, not the uploader's


def test_a_text_file_renamed_jpg_is_refused_with_a_clear_error(api_for, rider, photo_rule):
    fake = SimpleUploadedFile("evidence.jpg", b"this is not a picture, just text\n" * 50, content_type="image/jpeg")
    response = submit(api_for(rider), photo_rule, fake)
    assert response.status_code == 400
    assert response.json()["fields"]["photos"]
    assert not Claim.objects.exists()
    assert not ClaimPhoto.objects.exists()


def test_a_decompression_bomb_is_refused_not_decoded(api_for, rider, photo_rule):
    bomb = png_bomb()
    assert len(bomb) < 200_000
    response = submit(api_for(rider), photo_rule, SimpleUploadedFile("big.png", bomb, content_type="image/png"))
    assert response.status_code == 400
    assert response.json()["fields"]["photos"]
    assert not Claim.objects.exists()


def test_an_oversized_file_is_refused(api_for, rider, photo_rule):
    big = image_bytes("JPEG") + b"\x00" * (8 * 1024 * 1024)
    response = submit(api_for(rider), photo_rule, SimpleUploadedFile("huge.jpg", big, content_type="image/jpeg"))
    assert response.status_code == 400
    assert response.json()["fields"]["photos"]
    assert not Claim.objects.exists()


def test_one_bad_photo_among_good_ones_stores_nothing(api_for, rider, photo_rule, jpeg):
    fake = SimpleUploadedFile("b.jpg", b"GIF89a nope", content_type="image/jpeg")
    response = submit(api_for(rider), photo_rule, jpeg("a.jpg"), fake)
    assert response.status_code == 400
    assert not Claim.objects.exists()
    assert not ClaimPhoto.objects.exists()


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(api_for, rider, photo_rule, fmt):
    upload = SimpleUploadedFile(f"p.{fmt.lower()}", image_bytes(fmt), content_type=f"image/{fmt.lower()}")
    assert submit(api_for(rider), photo_rule, upload).status_code == 201


def test_the_claim_form_page_takes_photos_too(client_for, rider, photo_rule, jpeg):
    response = client_for(rider).post(
        "/points/claims/new/",
        {
            "rule": photo_rule.pk,
            "quantity": "1",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "photos": [jpeg("a.jpg"), jpeg("b.jpg")],
        },
    )
    assert response.status_code == 302
    assert ClaimPhoto.objects.filter(claim__rider=rider).count() == 2


def test_the_claim_form_page_shows_a_photo_error(client_for, rider, photo_rule):
    fake = SimpleUploadedFile("x.jpg", b"plain text", content_type="image/jpeg")
    response = client_for(rider).post(
        "/points/claims/new/",
        {"rule": photo_rule.pk, "quantity": "1", "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "photos": fake},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photos"]


# --- who may see a photo ---------------------------------------------------------------------


@pytest.fixture
def photo(api_for, rider, photo_rule, jpeg):
    response = submit(api_for(rider), photo_rule, jpeg())
    return ClaimPhoto.objects.get(claim_id=response.json()["id"])


def test_owner_and_reviewer_open_the_photo(client_for, api_for, rider, reviewer, photo):
    for user in (rider, reviewer):
        response = client_for(user).get(f"/points/photos/{photo.pk}/")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, max-age=3600"
        assert Image.open(io.BytesIO(response.content)).format == "JPEG"
    url = api_for(rider).get(f"/api/v1/claims/{photo.claim_id}/").json()["photos"][0]
    assert api_for(reviewer).get(url).status_code == 200


def test_another_rider_gets_404_for_the_photo(client_for, api_for, other_rider, merchant_a, photo):
    for user in (other_rider, merchant_a):
        assert client_for(user).get(f"/points/photos/{photo.pk}/").status_code == 404
        assert api_for(user).get(f"/api/v1/claims/{photo.claim_id}/photos/{photo.pk}/").status_code == 404


def test_anonymous_visitor_cannot_open_the_photo(client, photo):
    assert client.get(f"/points/photos/{photo.pk}/").status_code == 302
    assert client.get(f"/api/v1/claims/{photo.claim_id}/photos/{photo.pk}/").status_code == 401


def test_photo_is_stored_outside_the_static_root_and_not_served_by_media_url(client_for, rider, photo):
    path = photo.image.path
    assert not path.startswith(str(settings.STATIC_ROOT))
    assert path.startswith(str(settings.MEDIA_ROOT))
    assert client_for(rider).get(f"/media/{photo.image.name}").status_code == 404
