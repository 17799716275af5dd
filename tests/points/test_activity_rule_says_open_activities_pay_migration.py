"""The earning rule for volunteering activities said it pays for activities the 帮帮龘 team
organises (参加“帮帮龘”志愿队组织的活动…, seeded by points 0002), though open activities pay by it
too: a rider outside the team reading 如何赚积分 could think they earn nothing there. points 0017
says what pays, where the description is still the seeded one; a description staff wrote stays."""

from __future__ import annotations

import pytest

from points.models import Rule
from tests.migrations import migrate_forward, state_before

BEFORE, AFTER = ("points", "0016_deleted_riders_claims_withdrawn"), ("points", "0017_activity_rule_open_activities_pay")
SEEDED = "参加“帮帮龘”志愿队组织的活动，现场签到后自动发放积分。"
TRUE = "参加街道发布的志愿活动，现场签到后自动发放积分。"


def migrate_with(description: str) -> str:
    """The rule's description after 0017, when it read `description` before."""
    old = state_before(BEFORE)
    # A test flushing the database before took the seeded rows with it: made again as 0002 does.
    category, _new = old.get_model("points", "Category").objects.get_or_create(
        code="activity_participation", defaults={"name": "活动参与", "order": 30}
    )
    old.get_model("points", "Rule").objects.update_or_create(
        code="activity_attendance",
        defaults={"category": category, "name": "参加志愿活动", "description": description, "points": 10},
    )
    migrate_forward(AFTER)
    return Rule.objects.get(code="activity_attendance").description


@pytest.mark.django_db
def test_a_new_database_says_activities_the_street_publishes_pay():
    assert Rule.objects.get(code="activity_attendance").description == TRUE


@pytest.mark.django_db(transaction=True)
def test_the_seeded_description_now_says_activities_the_street_publishes_pay():
    assert migrate_with(SEEDED) == TRUE


@pytest.mark.django_db(transaction=True)
def test_a_description_staff_wrote_stays():
    assert migrate_with("参加志愿活动并签到，每次 10 积分。") == "参加志愿活动并签到，每次 10 积分。"
