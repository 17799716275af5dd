"""A reviewer going through the riders waiting for verification decides on one and goes on to
the next with "verify and next" / "reject and next", as on the claims queue: the next rider
waiting (oldest first) opens under the decision's message, never the reviewer themself; after
the last one, the queue says nobody is left."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.accounts.models import User, Verification
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def waiting(name: str, days_ago: int) -> User:
    rider = RiderFactory(display_name=name, verification=Verification.UNVERIFIED)
    User.objects.filter(pk=rider.pk).update(date_joined=timezone.now() - timedelta(days=days_ago))
    return rider


def decide(client, rider: User, **data):
    return client.post(f"/staff/riders/{rider.pk}/decide/", {"and_next": "1", **data}, follow=True)


def test_verify_and_next_opens_the_next_rider_waiting_with_the_message(client_for, reviewer):
    wang = waiting("王小明", days_ago=3)
    li = waiting("李四", days_ago=2)
    zhao = waiting("赵五", days_ago=1)
    RiderFactory(display_name="陈已认证")  # verified: not waiting
    staff = client_for(reviewer)

    page = text_of(staff.get(f"/staff/riders/{wang.pk}/decide/"))
    assert "认证通过并审下一位" in page and "驳回并审下一位" in page

    response = decide(staff, wang, decision="verify")
    assert response.redirect_chain[-1][0] == f"/staff/riders/{li.pk}/decide/"
    assert "王** 已通过认证，已通知骑手。" in text_of(response)

    response = decide(staff, li, decision="reject", reason="截图看不清工号")
    assert response.redirect_chain[-1][0] == f"/staff/riders/{zhao.pk}/decide/"
    assert "李* 认证未通过，已通知骑手（含原因）。" in text_of(response)

    response = decide(staff, zhao, decision="verify")
    assert response.redirect_chain[-1][0] == "/staff/riders/"
    page = text_of(response)
    assert "赵* 已通过认证，已通知骑手。" in page and "没有等待认证的骑手了。" in page

    assert {r.display_name: r.verification for r in User.objects.filter(pk__in=[wang.pk, li.pk, zhao.pk])} == {
        "王小明": Verification.VERIFIED,
        "李四": Verification.REJECTED,
        "赵五": Verification.VERIFIED,
    }
    li.refresh_from_db()
    assert li.verification_note == "截图看不清工号"


def test_next_goes_round_to_older_riders_and_skips_the_reviewer(client_for, reviewer):
    oldest = waiting("钱一", days_ago=5)
    middle = waiting("孙二", days_ago=4)
    waiting("周三", days_ago=3).groups.clear()  # no longer a rider: not in the queue
    staff = client_for(reviewer)
    # Opened from the middle of the queue: after the last one, round to the oldest still waiting.
    response = decide(staff, middle, decision="verify")
    assert response.redirect_chain[-1][0] == f"/staff/riders/{oldest.pk}/decide/"


def test_a_refused_decision_stays_on_the_rider(client_for, reviewer):
    wang = waiting("王小明", days_ago=2)
    waiting("李四", days_ago=1)
    response = decide(client_for(reviewer), wang, decision="reject", reason="")
    assert response.redirect_chain[-1][0] == f"/staff/riders/{wang.pk}/decide/"
    wang.refresh_from_db()
    assert wang.verification == Verification.UNVERIFIED


def test_plain_verify_still_goes_back_to_the_queue(client_for, reviewer):
    wang = waiting("王小明", days_ago=2)
    waiting("李四", days_ago=1)
    response = client_for(reviewer).post(f"/staff/riders/{wang.pk}/decide/", {"decision": "verify"}, follow=True)
    assert response.redirect_chain[-1][0] == "/staff/riders/"


def test_and_next_is_offered_only_for_a_rider_waiting(client_for, reviewer):
    refused = RiderFactory(verification=Verification.REJECTED)
    verified = RiderFactory()
    staff = client_for(reviewer)
    for rider in (refused, verified):
        page = staff.get(f"/staff/riders/{rider.pk}/decide/").content.decode()
        assert 'id="verify-next"' not in page and 'id="reject-next"' not in page
