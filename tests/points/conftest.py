"""Fixtures of the points stories: rules, claims, uploaded images, and the API schema."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from points.models import Rule
from tests.points.factories import ClaimFactory, RuleFactory, image_bytes


@pytest.fixture
def rule(db):
    return RuleFactory(name="文明劝导", points=10)


@pytest.fixture
def photo_rule(db):
    return RuleFactory(name="拾金不昧", points=50, evidence=Rule.Evidence.PHOTO)


@pytest.fixture
def hourly_rule(db):
    return RuleFactory(name="志愿服务时长", points=10, unit=Rule.Unit.HOUR, max_per_day=40)


@pytest.fixture
def pending_claim(rider, rule):
    return ClaimFactory(rider=rider, rule=rule)


@pytest.fixture
def jpeg():
    def make(name: str = "photo.jpg", **kwargs) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, image_bytes("JPEG", **kwargs), content_type="image/jpeg")

    return make


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    """The OpenAPI schema as an app developer downloads it, once per test module."""
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()
