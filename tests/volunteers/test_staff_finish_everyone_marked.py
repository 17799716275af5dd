"""The organiser checked everyone in and opens 结束活动: the question said 已报名的骑手中有 0 人
尚未记录到场情况，将不获得积分 (0 riders ... earn no points), a warning about nobody. It now says
that everyone signed up has been marked; a rider not marked is still counted as before."""

from __future__ import annotations

import pytest

from tests.volunteers.factories import started
from volunteers import services

pytestmark = pytest.mark.django_db


def test_with_everyone_checked_in_the_question_says_nobody_is_left_out(staff, reviewer, rider, activity):
    signup = services.signup_create(rider=rider, activity=activity).signup
    services.attendance_record(actor=reviewer, signup=signup, attended=True)
    started(activity)

    html = staff.get(f"/staff/activities/{activity.pk}/finish/").content.decode()

    assert "已报名的骑手都已记录到场情况，没有遗漏。" in html
    assert "0 人尚未记录" not in html


def test_a_rider_not_marked_is_still_counted(staff, rider, other_rider, activity):
    services.signup_create(rider=rider, activity=activity)
    started(activity)

    html = staff.get(f"/staff/activities/{activity.pk}/finish/").content.decode()

    assert "已报名的骑手中有 1 人尚未记录到场情况，将不获得积分。" in html
    assert "没有遗漏" not in html
