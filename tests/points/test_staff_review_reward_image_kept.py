"""A street admin adds a reward with its photo but forgets the cost: the refused form says at
the image that it was not kept (a browser cannot send a chosen file back). Without it the
image box looked empty only to those who looked, and saving again made a reward without
its photo."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from points.models import Reward
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db

NOT_KEPT = "图片没有保留，请重新选择图片。"


def a_photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, "JPEG")
    return SimpleUploadedFile("护理包.jpg", out.getvalue(), content_type="image/jpeg")


def test_a_refused_new_reward_says_its_image_was_not_kept(street_admin, client_for):
    venue = VenueFactory()
    body = {"venue": venue.pk, "title": "护理包", "cost": "", "valid_days": 30, "active": "on", "image": a_photo()}

    response = client_for(street_admin).post("/staff/rewards/new/", body)

    assert response.status_code == 400
    form = response.context["form"]
    assert "cost" in form.errors
    assert form.errors["image"] == [NOT_KEPT]
    assert NOT_KEPT in response.content.decode()
    assert not Reward.objects.exists()


def test_a_refused_form_without_an_image_says_nothing_of_one(street_admin, client_for):
    venue = VenueFactory()
    body = {"venue": venue.pk, "title": "护理包", "cost": "", "valid_days": 30, "active": "on"}

    response = client_for(street_admin).post("/staff/rewards/new/", body)

    assert "image" not in response.context["form"].errors
    assert NOT_KEPT not in response.content.decode()
