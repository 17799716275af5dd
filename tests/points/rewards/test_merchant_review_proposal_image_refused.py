"""The barber proposes "洗头一次" and picks, by mistake, a file that is not a photo. The form
is refused at the image: it says why (not a JPEG, PNG or WebP photo) and nothing more. It also
said 图片没有保留，请重新选择图片。 under that, as if a good photo had been lost, which sent the
barber back to choose the same file again."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from points.models import Reward

pytestmark = pytest.mark.django_db

NOT_KEPT = "图片没有保留，请重新选择图片。"
NOT_A_PHOTO = "无法识别此文件为图片"


def a_photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, "JPEG")
    return SimpleUploadedFile("洗头.jpg", out.getvalue(), content_type="image/jpeg")


def proposal(barber, **more) -> dict:
    return {"venue": barber.pk, "title": "洗头一次", "cost": 50, "valid_days": 30, **more}


def test_a_file_that_is_not_a_photo_is_refused_only_for_what_it_is(merchant_a, barber, client_for):
    not_a_photo = SimpleUploadedFile("价目表.jpg", b"not an image at all", content_type="image/jpeg")

    response = client_for(merchant_a).post("/redeem/propose/", proposal(barber, image=not_a_photo))

    assert response.status_code == 400
    errors = response.context["form"].errors["image"]
    assert len(errors) == 1 and NOT_A_PHOTO in errors[0]
    page = response.content.decode()
    assert NOT_A_PHOTO in page and NOT_KEPT not in page
    # What was typed is still there.
    assert 'value="洗头一次"' in page
    assert not Reward.objects.exists()


def test_a_good_photo_on_a_refused_form_is_said_not_kept(merchant_a, barber, client_for):
    response = client_for(merchant_a).post("/redeem/propose/", proposal(barber, cost="", image=a_photo()))

    assert response.status_code == 400
    assert response.context["form"].errors["image"] == [NOT_KEPT]
    assert not Reward.objects.exists()


def test_a_file_that_is_not_a_photo_is_said_so_with_the_forms_other_mistakes(merchant_a, barber, client_for):
    # Cost forgotten as well: the image was checked only once the rest had passed, so the
    # first refusal said only "choose it again", and the barber chose the same file again.
    not_a_photo = SimpleUploadedFile("价目表.jpg", b"not an image at all", content_type="image/jpeg")

    response = client_for(merchant_a).post("/redeem/propose/", proposal(barber, cost="", image=not_a_photo))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "cost" in errors
    assert len(errors["image"]) == 1 and NOT_A_PHOTO in errors["image"][0]
    assert NOT_KEPT not in response.content.decode()
