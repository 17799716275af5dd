"""A street admin adds "护理包" for the barber's shop, forgets the cost, and picks a price list
that is not a photo. The first refusal says both: the cost is missing, and the file is not a
JPEG, PNG or WebP photo. It said only 图片没有保留，请重新选择图片。 at the image (the image was
checked by the service once everything else had passed), so the admin chose the same file
again, filled in the cost, and met a second refusal. The partner's proposal form was fixed the
same way (50e86ec): both forms now run one helper."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from points.models import Reward
from tests.points.factories import image_bytes
from tests.points.rewards.factories import RewardFactory

pytestmark = pytest.mark.django_db

NOT_KEPT = "图片没有保留，请重新选择图片。"
NOT_A_PHOTO = "无法识别此文件为图片"


def price_list() -> SimpleUploadedFile:
    return SimpleUploadedFile("价目表.jpg", b"not an image at all", content_type="image/jpeg")


def a_photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("护理包.jpg", image_bytes("JPEG", size=(120, 90)), content_type="image/jpeg")


def reward(barber, **more) -> dict:
    return {"venue": barber.pk, "title": "护理包", "description": "", "cost": 40, "valid_days": 30, "active": "on", **more}


def test_a_new_rewards_file_that_is_not_a_photo_is_said_so_with_the_forgotten_cost(street_admin, barber, client_for):
    response = client_for(street_admin).post("/staff/rewards/new/", reward(barber, cost="", image=price_list()))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "cost" in errors
    assert len(errors["image"]) == 1 and NOT_A_PHOTO in errors["image"][0]
    page = response.content.decode()
    assert NOT_A_PHOTO in page and NOT_KEPT not in page
    assert not Reward.objects.exists()


def test_editing_a_reward_says_the_same(street_admin, barber, client_for):
    haircut = RewardFactory(venue=barber, title="免费快剪一次", cost=80)

    response = client_for(street_admin).post(
        f"/staff/rewards/{haircut.pk}/", reward(barber, title="", cost=80, image=price_list())
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "title" in errors
    assert len(errors["image"]) == 1 and NOT_A_PHOTO in errors["image"][0]
    haircut.refresh_from_db()
    assert haircut.title == "免费快剪一次" and not haircut.image


def test_a_good_photo_on_a_refused_form_is_still_said_not_kept(street_admin, barber, client_for):
    response = client_for(street_admin).post("/staff/rewards/new/", reward(barber, cost="", image=a_photo()))

    assert response.status_code == 400
    assert response.context["form"].errors["image"] == [NOT_KEPT]
    assert not Reward.objects.exists()
