"""Staff take a member off the 帮帮龘 team while they hold a place at a team-only visit still to
come: the page's message says the member's sign-up was cancelled (其在 1 项……活动中的报名已取消),
not the activity, which still takes place (it read 其报名的 1 项……的活动已取消)."""

from __future__ import annotations

import pytest

from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory
from volunteers import services
from volunteers.models import Signup

pytestmark = pytest.mark.django_db


def test_staff_read_that_the_removed_members_sign_up_was_cancelled_not_the_activity(client_for, street_admin):
    visit = ActivityFactory(title="看望静康社区独居老人", capacity=1, team_only=True)
    member = RiderFactory()
    membership = services.team_decide(actor=street_admin, membership=services.team_request(rider=member), accept=True)
    services.signup_create(rider=member, activity=visit)

    response = client_for(street_admin).post(
        f"/staff/volunteers/team/{membership.pk}/remove/", {"note": "连续三个月未参加活动"}, follow=True
    )

    [message] = [str(m) for m in response.context["messages"]]
    assert "其在 1 项仅限志愿队队员、尚未开始的活动中的报名已取消，候补依次递补。" in message
    assert Signup.objects.get(activity=visit, rider=member).status == Signup.Status.CANCELLED
