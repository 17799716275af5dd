"""A ledger written in English names each community by the English name staff gave it, as its
"No community" is English; written in Chinese, by the Chinese name (as the street office files it)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.exports.conftest import read_rows
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.venues.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_the_vouchers_file_names_the_venues_community_in_the_files_language(rider, street_admin, export_as):
    give_points(rider, 100)
    community = CommunityFactory(name="成龙社区", name_en="Chenglong Community")
    issue(rider, RewardFactory(title="免费快剪", cost=30, venue__community=community))

    today = timezone.localdate()

    def community_column(language: str) -> list[str]:
        rows = read_rows(export_as(street_admin, "vouchers", "csv", language=language, start=today, end=today))
        at = rows[0].index("Venue's community" if language == "en" else "场所所在社区")
        return [row[at] for row in rows[1:]]

    assert community_column("en") == ["Chenglong Community"]
    assert community_column("zh-hans") == ["成龙社区"]
