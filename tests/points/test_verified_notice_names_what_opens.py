"""The notice (and SMS) of a rider's verification said only that claiming and redeeming points
were open. Verification also opens signing up for activities and reporting problems, as the
home page told the rider while they waited; a new rider reading 现在可以申请和兑换积分了 did
not know they could now sign up for the activity they had been looking at."""

from __future__ import annotations

import pytest

from friendlystreet.sms.models import OutboxMessage
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db


def verify(client_for, reviewer, rider) -> None:
    response = client_for(reviewer).post(f"/staff/riders/{rider.pk}/decide/", {"decision": "verify"})
    assert response.status_code == 302


def test_the_verified_rider_reads_everything_that_opens(client_for, reviewer, django_capture_on_commit_callbacks):
    newcomer = RiderFactory(verification="unverified")
    with django_capture_on_commit_callbacks(execute=True):  # the SMS goes out after the commit
        verify(client_for, reviewer, newcomer)

    inbox = client_for(newcomer).get("/notifications/").content.decode()

    assert "街道办已认证您的账号：现在可以申请和兑换积分、报名活动和上报线索了。" in inbox
    assert "报名活动和上报线索" in OutboxMessage.objects.get(phone=newcomer.phone).text


def test_an_english_rider_reads_it_in_english(client_for, reviewer):
    newcomer = RiderFactory(verification="unverified", language="en")
    verify(client_for, reviewer, newcomer)

    inbox = client_for(newcomer).get("/notifications/").content.decode()

    assert (
        "The street office verified your account: you can now claim and redeem points, "
        "sign up for activities and report problems." in inbox
    )
