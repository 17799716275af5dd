"""Staff open the roster of an activity they cancelled: every rider on it was labelled 未登记 (not
recorded; now 尚未签到, not checked in yet), as if their attendance were still to be marked.
Nothing is to be recorded: the rows name the riders only, and the notice at the top says the
activity is cancelled and why."""

from __future__ import annotations

import pytest

from volunteers import services

pytestmark = pytest.mark.django_db


def test_the_roster_of_a_cancelled_activity_asks_for_no_attendance(staff, reviewer, rider, other_rider, activity):
    services.signup_create(rider=rider, activity=activity)
    services.signup_create(rider=other_rider, activity=activity)
    services.activity_cancel(actor=reviewer, activity=activity, reason="暴雨预警")

    response = staff.get(f"/staff/activities/{activity.pk}/")
    html = response.content.decode()

    assert "未登记" not in html and "尚未签到" not in html
    assert 'class="vs-attendance"' not in html
    assert html.count('data-testid="roster-row"') == 2  # the riders told are still listed
    assert "此活动已取消。" in html and "暴雨预警" in html


def test_the_roster_of_a_published_activity_still_shows_who_is_not_checked_in_yet(staff, rider, activity):
    services.signup_create(rider=rider, activity=activity)

    html = staff.get(f"/staff/activities/{activity.pk}/").content.decode()

    assert "尚未签到" in html
