"""Factories and small helpers of the points tests."""

from __future__ import annotations

import io
import secrets
from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from points.models import Category, Claim, ClaimPhoto, Rule


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cat{n}")
    name = factory.Sequence(lambda n: f"类别{n}")
    order = factory.Sequence(lambda n: n)


class RuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rule

    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"规则{n}")
    description = "做一件好事"
    points = 10
    unit = Rule.Unit.OCCURRENCE
    evidence = Rule.Evidence.NONE
    rider_claimable = True


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    rider = None  # always given
    rule = factory.SubFactory(RuleFactory)
    quantity = Decimal("1")
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    description = "扶老人过马路"


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), color=(200, 80, 40), **save_kwargs) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt, **save_kwargs)
    return out.getvalue()


def add_photo(claim: Claim) -> ClaimPhoto:
    """A stored evidence photo, as claim_submit() leaves it."""
    photo = ClaimPhoto(claim=claim, token=secrets.token_hex(16), content_type="image/jpeg")
    data = image_bytes()
    photo.size = len(data)
    photo.image.save("photo", ContentFile(data), save=False)
    photo.save()
    return photo
