"""The dashboard's "Rewards running out" names each reward as every other staff page does: in
English for a street admin reading English when staff wrote an English title (Summer care pack),
else its own Chinese title; the venue keeps its only (Chinese) name."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories import StreetAdminFactory
from tests.points.rewards.factories import RewardFactory
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db


def running_out(client, language: str) -> str:
    cache.clear()  # the figures' bundle is cached per language for a few minutes
    html = client.get("/staff/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    start = html.index('data-testid="partners"')
    return html[start:]


def test_a_street_admin_reading_english_sees_the_english_title_of_a_reward_running_out(client_for):
    clinic = VenueFactory(name="社区卫生服务中心", kind=VenueKind.HOSPITAL)
    RewardFactory(venue=clinic, title="夏季关爱包", title_en="Summer care pack", stock=1)
    RewardFactory(venue=clinic, title="免费测血压", stock=2)  # no English title: its own
    admin = client_for(StreetAdminFactory())

    english = running_out(admin, "en")
    assert "Summer care pack (社区卫生服务中心): 1 left" in english
    assert "夏季关爱包" not in english
    assert "免费测血压 (社区卫生服务中心): 2 left" in english

    chinese = running_out(admin, "zh-hans")
    assert "夏季关爱包" in chinese
    assert "Summer care pack" not in chinese
