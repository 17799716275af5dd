"""Staff open the check-in an hour before an activity starts and check a rider in; on the roster
the last card said 活动开始后才能结束。如果活动不再举行，请在下方取消活动。 and right under it
已有 1 人签到……不能取消: pointed to a cancel that is not there. Now it says only the second, which
tells them what to do (finish it once it has started); without check-ins both steps stay."""

from __future__ import annotations

import pytest

from tests.volunteers.factories import ActivityFactory, SignupFactory

pytestmark = pytest.mark.django_db


def test_after_an_early_check_in_the_roster_does_not_point_to_a_cancel_that_is_gone(client_for, reviewer, rider):
    activity = ActivityFactory(title="周一早间路口文明劝导")  # starts in half an hour: check-in is open
    SignupFactory(activity=activity, rider=rider)
    staff = client_for(reviewer)
    staff.post(f"/staff/activities/{activity.pk}/checkin/", {"code": rider.phone[3:]})

    html = staff.get(f"/staff/activities/{activity.pk}/").content.decode()

    assert 'id="cancel-form"' not in html
    assert "请在下方取消活动" not in html
    assert "已有 1 人签到，说明活动已经举行，不能取消。请改为结束活动（活动开始后即可结束）。" in html


def test_without_a_check_in_staff_are_still_told_to_finish_later_or_cancel_below(client_for, reviewer, rider):
    activity = ActivityFactory(title="周一早间路口文明劝导")
    SignupFactory(activity=activity, rider=rider)

    html = client_for(reviewer).get(f"/staff/activities/{activity.pk}/").content.decode()

    assert "活动开始后才能结束。如果活动不再举行，请在下方取消活动。" in html
    assert 'id="cancel-form"' in html
