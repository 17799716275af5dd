"""Pictures in the reward catalogue: staff upload one on the reward form; it is cleaned
(EXIF gone), a ~480 px copy is made at upload, and the catalogue shows that copy lazy and
sized; a reward without a picture gets a placeholder in its venue's kind colour."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from points.models import Reward
from tests.points.rewards.factories import RewardFactory
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db


def photo_with_gps(size=(1600, 1200)) -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {2: (30.0, 36.0, 12.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def post_reward(staff, venue, image):
    return staff.post(
        "/staff/rewards/new/",
        {"venue": venue.pk, "title": "护理包", "description": "", "cost": 40, "valid_days": 30, "active": "on", "image": image},
    )


def test_staff_upload_a_reward_photo_and_get_a_cleaned_thumbnail(street_admin, client_for):
    venue = VenueFactory(kind=VenueKind.HOSPITAL)
    photo = SimpleUploadedFile("IMG_0001.jpg", photo_with_gps(), content_type="image/jpeg")

    assert post_reward(client_for(street_admin), venue, photo).status_code == 302

    reward = Reward.objects.get()
    assert reward.thumbnail.name.startswith("rewards/") and reward.thumbnail.name.endswith("_thumb.jpg")
    assert "IMG_0001" not in reward.image.name + reward.thumbnail.name
    for stored in (reward.image, reward.thumbnail):
        with stored.open("rb") as handle:
            assert len(Image.open(io.BytesIO(handle.read())).getexif()) == 0
    assert (reward.thumb_width, reward.thumb_height) == (480, 360)


def test_the_catalogue_shows_the_thumbnail_lazy_and_sized(street_admin, client_for, client):
    venue = VenueFactory(kind=VenueKind.MERCHANT)
    post_reward(client_for(street_admin), venue, SimpleUploadedFile("a.jpg", photo_with_gps(), content_type="image/jpeg"))
    reward = Reward.objects.get()

    html = client.get("/rewards/").content.decode()

    img = re.search(r'<img class="reward-image"[^>]*>', html).group(0)
    assert f'src="/rewards/{reward.pk}/thumb/"' in img
    assert 'loading="lazy"' in img and 'width="480"' in img and 'height="360"' in img
    thumb = client.get(f"/rewards/{reward.pk}/thumb/")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(thumb.content)).size == (480, 360)
    assert len(thumb.content) < len(client.get(f"/rewards/{reward.pk}/image/").content)


def test_a_reward_without_a_photo_has_a_placeholder(client):
    RewardFactory(venue=VenueFactory(kind=VenueKind.ACADEMY))

    html = client.get("/rewards/").content.decode()

    assert '<img class="reward-image"' not in html
    assert 'class="reward-image placeholder reward-kind-academy"' in html


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_stored(street_admin, client_for):
    fake = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")

    response = post_reward(client_for(street_admin), VenueFactory(), fake)

    # The form comes back with the error (400: the input was refused), nothing stored.
    assert response.status_code == 400
    assert "image" in response.context["form"].errors
    assert not Reward.objects.exists()


def test_a_rider_cannot_upload_a_reward_photo(rider, client_for):
    photo = SimpleUploadedFile("a.jpg", photo_with_gps(), content_type="image/jpeg")
    assert post_reward(client_for(rider), VenueFactory(), photo).status_code in (302, 403)
    assert not Reward.objects.exists()
