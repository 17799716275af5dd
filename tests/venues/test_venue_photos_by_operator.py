"""The barber shows riders his shop himself: on his venue's details page he adds a photo (checked,
re-encoded and limited as the street office's are, by the same code) and deletes one he no
longer wants, and the street office's trail shows who did it. Only for the venue he runs."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from friendlystreet.audit.models import AuditEntry
from tests.venues.factories import VenuePhotoFactory, jpeg_bytes
from tests.venues.test_venue_editing_by_operator import details
from venues import services
from venues.models import VenuePhoto

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
GPS = 0x8825  # the EXIF tag of the GPS block


def url(venue) -> str:
    return f"/venues/{venue.pk}/details/"


def delete_url(venue, photo) -> str:
    return f"/venues/{venue.pk}/details/photos/{photo.pk}/delete/"


def upload(content: bytes, name: str = "shop.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg_with_a_position() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(GPS)[2] = (30.0, 39.0, 0.0)  # GPSLatitude
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def photo_errors(response) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get("photo", [])]


def test_the_barber_adds_a_photo_of_his_shop_and_riders_see_it(shop, merchant_a, client_for, rider):
    response = client_for(merchant_a).post(
        url(shop), details(photo=upload(jpeg_with_a_position()), photo_caption="店门口"), follow=True, **ZH
    )

    assert [str(m) for m in response.context["messages"]] == ["已保存：骑手现在会在您的场所页面上看到这些信息。"]
    photo = VenuePhoto.objects.get(venue=shop)
    assert photo.caption == "店门口" and photo.thumbnail
    with photo.image.open("rb") as f, Image.open(f) as stored:
        assert not stored.getexif()  # re-encoded: the phone's position is not kept
    page = response.content.decode()
    assert f"/venues/photos/{photo.pk}/thumb/" in page and delete_url(shop, photo) in page
    # The street office's trail: the operator added it, as staff's additions are recorded.
    entry = AuditEntry.objects.get(action="venues.photo.add")
    assert entry.actor == merchant_a and entry.target_id == str(shop.pk)
    assert entry.data == {"photo": photo.pk, "by_operator": True}  # marked: the staff venue page lists it
    public = client_for(rider).get(f"/venues/{shop.pk}/", **ZH).content.decode()
    assert f"/venues/photos/{photo.pk}/" in public


@pytest.mark.parametrize(
    "bad, message",
    [
        (upload(b"\xff\xd8" + b"0" * (12 * 1024 * 1024)), "文件过大（最大 8.0\xa0MB）。"),
        (upload(b"%PDF-1.4\n" + b"0" * 2000, "menu.pdf", "application/pdf"), "无法识别此文件为图片"),
    ],
)
def test_a_refused_photo_is_said_at_its_field_and_nothing_changes(shop, merchant_a, client_for, bad, message):
    response = client_for(merchant_a).post(url(shop), details(photo=bad), **ZH)

    assert response.status_code == 400
    [error] = photo_errors(response)
    assert error.startswith(message)
    shop.refresh_from_db()
    assert shop.phone == "028-85551234" and not shop.photos.exists()
    assert not AuditEntry.objects.filter(action__in=["venues.venue.update", "venues.photo.add"]).exists()


def test_the_page_says_how_many_photos_a_venue_may_have_and_refuses_the_thirteenth(shop, merchant_a, client_for):
    for _ in range(12):
        VenuePhotoFactory(venue=shop)
    client = client_for(merchant_a)

    page = client.get(url(shop), **ZH).content.decode()
    assert "每个场所最多 12 张照片，您的场所已有 12 张。" in page
    assert page.count('data-testid="delete-photo"') == 12

    response = client.post(url(shop), details(photo=upload(jpeg_bytes())), **ZH)

    assert response.status_code == 400
    assert photo_errors(response) == ["您的场所已有 12 张照片，已达上限：请先在下方删除一张。"]
    shop.refresh_from_db()
    assert shop.phone == "028-85551234" and shop.photos.count() == 12


def test_a_good_photo_sent_with_a_refused_phone_is_asked_for_again(shop, merchant_a, client_for):
    response = client_for(merchant_a).post(url(shop), details(phone="call me", photo=upload(jpeg_bytes())), **ZH)

    assert response.status_code == 400
    assert 'id="photos-lost"' in response.content.decode()
    assert not shop.photos.exists()


def test_the_barber_deletes_a_photo_of_his_shop(shop, merchant_a, client_for, rider):
    photo, kept = VenuePhotoFactory(venue=shop), VenuePhotoFactory(venue=shop)

    response = client_for(merchant_a).post(delete_url(shop, photo), follow=True, **ZH)

    assert response.redirect_chain == [(url(shop), 302)]
    assert [str(m) for m in response.context["messages"]] == ["照片已删除。"]
    assert list(shop.photos.all()) == [kept]
    entry = AuditEntry.objects.get(action="venues.photo.delete")
    assert entry.actor == merchant_a and entry.target_id == str(shop.pk)
    assert entry.data == {"photo": photo.pk, "by_operator": True}  # marked: the staff venue page lists it
    assert client_for(rider).get(f"/venues/photos/{photo.pk}/").status_code == 404


def test_the_clinics_operator_cannot_delete_the_barbers_photos(shop, clinic, merchant_b, client_for):
    photo = VenuePhotoFactory(venue=shop)
    client = client_for(merchant_b)

    assert client.post(delete_url(shop, photo)).status_code == 404
    # Nor through the address of her own venue.
    assert client.post(f"/venues/{clinic.pk}/details/photos/{photo.pk}/delete/").status_code == 404
    assert client.post(url(shop), details(photo=upload(jpeg_bytes()))).status_code == 404
    assert list(shop.photos.all()) == [photo]
    assert not AuditEntry.objects.filter(action__startswith="venues.photo.").exists()


def test_a_rider_is_refused_and_a_visitor_is_asked_to_sign_in(shop, rider, client_for):
    photo = VenuePhotoFactory(venue=shop)

    assert client_for(rider).post(delete_url(shop, photo)).status_code == 403
    response = client_for(None).post(delete_url(shop, photo))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client_for(rider).post(url(shop), details(photo=upload(jpeg_bytes()))).status_code == 403
    assert list(shop.photos.all()) == [photo]


def test_the_photo_services_take_the_operator_of_that_venue_only(shop, clinic, merchant_a, merchant_b, rider):
    for actor in (merchant_b, rider, None):
        with pytest.raises(PermissionDenied):
            services.venue_photo_add(actor=actor, venue=shop, upload=upload(jpeg_bytes()))
        with pytest.raises(PermissionDenied):
            services.venue_details_update(actor=actor, venue=shop, data={}, photo=services.photo_prepare(upload(jpeg_bytes())))
    assert not shop.photos.exists()

    added = services.venue_photo_add(actor=merchant_a, venue=shop, upload=upload(jpeg_bytes()), caption="门口")
    for actor in (merchant_b, rider, None):
        with pytest.raises(PermissionDenied):
            services.venue_photo_delete(actor=actor, photo=added)
    services.venue_photo_delete(actor=merchant_a, photo=added)
    assert not shop.photos.exists()


def test_the_service_counts_again_under_the_venues_lock(shop, merchant_a):
    # The page counted 11 photos; another tab added the twelfth since: the service refuses the
    # thirteenth, and the details sent with it are not saved either.
    for _ in range(12):
        VenuePhotoFactory(venue=shop)

    with pytest.raises(services.TooManyPhotos):
        services.venue_details_update(
            actor=merchant_a, venue=shop, data={"phone": "13900000003"}, photo=services.photo_prepare(upload(jpeg_bytes()))
        )

    shop.refresh_from_db()
    assert shop.phone == "028-85551234" and shop.photos.count() == 12
    assert not AuditEntry.objects.filter(action__in=["venues.venue.update", "venues.photo.add"]).exists()
