"""A venue's photo is checked with the rest of the form, before anything is saved (staff-content
review #9): a refused photo is one clear message at its field, the venue is neither created
nor changed, and a good photo is saved with the venue in one step, with one message."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from friendlystreet.audit.models import AuditEntry
from tests.venues.factories import VenueFactory, VenuePhotoFactory, jpeg_bytes
from tests.venues.test_staff_venues import NEW, form_data
from venues import services
from venues.models import Venue, VenuePhoto

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def upload(content: bytes, name: str = "door.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def huge_png() -> bytes:
    """48 megapixels (more than the 40 allowed) in a few kilobytes."""
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, format="PNG")
    return out.getvalue()


def photo_errors(response) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get("photo", [])]


@pytest.mark.parametrize(
    "bad, message",
    [
        (upload(b"\xff\xd8" + b"0" * (12 * 1024 * 1024)), "文件过大（最大 8.0\xa0MB）。"),
        (upload(b"not an image at all" * 10), "无法识别此文件为图片，请上传 JPEG、PNG 或 WebP 格式的照片。"),
        (upload(b"%PDF-1.4\n" + b"0" * 2000, "menu.pdf", "application/pdf"), "无法识别此文件为图片"),
    ],
)
def test_a_new_venue_with_a_refused_photo_is_not_created(client_for, street_admin, rider, bad, message):
    response = client_for(street_admin).post(NEW, form_data(photo=bad), **ZH)

    assert response.status_code == 400
    [error] = photo_errors(response)
    assert error.startswith(message)
    page = response.content.decode()
    assert "阵地已保存" not in page and "照片没有保留" not in page
    assert not Venue.objects.exists()
    assert client_for(rider).get("/api/v1/venues/").json()["count"] == 0


def test_an_edit_with_too_many_pixels_changes_nothing_and_says_why(client_for, street_admin):
    venue = VenueFactory(name="原名")

    response = client_for(street_admin).post(
        f"/staff/venues/{venue.pk}/", form_data(name="新名", photo=upload(huge_png(), "big.png", "image/png")), **ZH
    )

    assert response.status_code == 400
    [error] = photo_errors(response)
    assert error.startswith("图片像素过多")
    venue.refresh_from_db()
    assert venue.name == "原名" and not venue.photos.exists()
    assert "阵地已保存" not in response.content.decode()


def test_a_good_photo_is_saved_with_the_new_venue_in_one_step(client_for, street_admin, rider):
    response = client_for(street_admin).post(NEW, form_data(photo=upload(jpeg_bytes()), photo_caption="门口"), follow=True, **ZH)

    venue = Venue.objects.get()
    assert [str(m) for m in response.context["messages"]] == ["阵地已创建。"]
    photo = VenuePhoto.objects.get(venue=venue)
    assert photo.caption == "门口" and photo.thumbnail
    actions = list(AuditEntry.objects.filter(target_id=str(venue.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["venues.photo.add", "venues.venue.create"]
    page = client_for(rider).get(f"/venues/{venue.pk}/").content.decode()
    assert f"/venues/photos/{photo.pk}/" in page


def test_the_form_says_how_many_photos_a_venue_may_have_and_refuses_the_thirteenth(client_for, street_admin):
    venue = VenueFactory()
    for _ in range(12):
        VenuePhotoFactory(venue=venue)
    client = client_for(street_admin)

    page = client.get(f"/staff/venues/{venue.pk}/", **ZH).content.decode()
    assert "JPEG、PNG 或 WebP 格式，每张不超过 8.0\xa0MB。每个阵地最多 12 张照片，此阵地已有 12 张。" in page

    response = client.post(f"/staff/venues/{venue.pk}/", form_data(name="新名", photo=upload(jpeg_bytes())), **ZH)

    assert response.status_code == 400
    assert photo_errors(response) == ["此阵地已有 12 张照片，已达上限：请先在下方删除一张。"]
    venue.refresh_from_db()
    assert venue.name != "新名" and venue.photos.count() == 12


def test_the_service_counts_again_under_the_venues_lock_whoever_calls_it(street_admin):
    # The form counted 11 photos; another tab added the twelfth since: the service refuses the
    # thirteenth, and the venue's changes sent with it are not saved either.
    venue = VenueFactory(name="原名")
    for _ in range(12):
        VenuePhotoFactory(venue=venue)

    with pytest.raises(services.TooManyPhotos):
        services.venue_update(
            actor=street_admin, venue=venue, data={"name": "新名"}, photo=services.photo_prepare(upload(jpeg_bytes()))
        )
    with pytest.raises(services.TooManyPhotos):
        services.venue_photo_add(actor=street_admin, venue=venue, upload=upload(jpeg_bytes()))

    venue.refresh_from_db()
    assert venue.name == "原名" and venue.photos.count() == 12
    assert not AuditEntry.objects.filter(action__in=["venues.venue.update", "venues.photo.add"]).exists()
