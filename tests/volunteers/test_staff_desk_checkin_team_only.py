"""Staff at the door of an activity for the 帮帮龘 team only open its check-in page: the top
says so before the first rider comes (本活动仅限“帮帮龘”志愿队队员参加：队外的骑手不能在现场
报名签到。), so they know a rider outside the team will be refused. The page used to say it
only after a scan, in the refused rider's verdict. An activity open to every rider says nothing
of the kind."""

from __future__ import annotations

import re

import pytest

from tests.volunteers.checkin_steps import checkin_url
from tests.volunteers.factories import ActivityFactory

pytestmark = pytest.mark.django_db

TEAM_ONLY = "本活动仅限“帮帮龘”志愿队队员参加：队外的骑手不能在现场报名签到。"


def before_the_code_box(html: str) -> str:
    """The page above the check-in form: what staff read first."""
    return html[: html.index('id="lookup-form"')]


def test_the_check_in_page_of_a_team_only_activity_says_so_at_the_top(staff):
    activity = ActivityFactory(title="看望静康社区独居老人", team_only=True)

    html = staff.get(checkin_url(activity)).content.decode()

    top = before_the_code_box(html)
    assert 'data-testid="checkin-team-only"' in top
    assert TEAM_ONLY in re.sub(r"<[^>]+>", "", top)


def test_the_refusal_at_the_door_matches_what_the_top_said(staff, rider):
    activity = ActivityFactory(team_only=True)

    html = staff.post(checkin_url(activity), {"code": rider.phone[3:]}).content.decode()

    assert TEAM_ONLY in re.sub(r"<[^>]+>", "", before_the_code_box(html))
    assert "本活动仅限志愿队成员参加，此骑手不是队员。" in html
    assert 'id="walk-in-form"' not in html


def test_in_english(staff):
    staff.cookies["django_language"] = "en"
    activity = ActivityFactory(team_only=True)

    html = staff.get(checkin_url(activity)).content.decode()

    assert "For the 帮帮龘 volunteer team only: riders outside the team cannot be signed up at the event." in html


def test_an_activity_open_to_every_rider_says_nothing_of_a_team(staff, activity):
    html = staff.get(checkin_url(activity)).content.decode()

    assert 'data-testid="checkin-team-only"' not in html and "帮帮龘" not in html
