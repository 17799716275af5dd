"""A rider signs up for an activity, is told 报名成功：成龙路街道清洁 … 到场后请出示签到码, then
cancels. That notice stayed unread: the home page's 未读消息 still listed it and the bell still
counted it, for a place the rider had given back. Now cancelling marks the rider's notices of that
sign-up read, in the cancel's own transaction; the page that cancelled says 已取消报名. Notices of
their other activities, and the notice of the rider who takes the freed place, stay new."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from friendlystreet.notifications.models import Notification
from tests.volunteers.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def home_notices(client) -> list[str]:
    html = client.get("/home/").content.decode()
    return re.findall(r'data-testid="home-notice"><span>(.*?)</span>', html)


def sign_up(client, activity) -> None:
    client.post(reverse("volunteers:activity_signup", args=[activity.pk]))


def cancel(client, activity):
    return client.post(reverse("volunteers:activity_cancel_signup", args=[activity.pk]), follow=True)


def test_a_cancelled_sign_ups_notice_leaves_the_unread_ones(client_for, rider):
    client = client_for(rider)
    cleaning = ActivityFactory(title="成龙路街道清洁", capacity=10)
    visit = ActivityFactory(title="探访独居老人", capacity=10)
    sign_up(client, cleaning)
    sign_up(client, visit)
    assert sorted(home_notices(client)) == ["报名成功：成龙路街道清洁", "报名成功：探访独居老人"]

    page = cancel(client, cleaning).content.decode()

    assert "已取消报名" in page
    assert home_notices(client) == ["报名成功：探访独居老人"]
    told = Notification.objects.get(recipient=rider, link=reverse("volunteers:activity_detail", args=[cleaning.pk]))
    assert told.read_at is not None  # still in the inbox, no longer new


def test_the_rider_who_gets_the_freed_place_is_still_told(client_for, rider, other_rider):
    activity = ActivityFactory(title="成龙路街道清洁", capacity=1)
    sign_up(client_for(rider), activity)
    waiting = client_for(other_rider)
    sign_up(waiting, activity)

    cancel(client_for(rider), activity)

    assert "候补成功，已为您报名：成龙路街道清洁" in home_notices(waiting)
    assert not Notification.objects.filter(recipient=other_rider, read_at__isnull=False).exists()


def test_a_waitlisted_rider_who_cancels_in_english(client_for, rider, other_rider):
    activity = ActivityFactory(title="成龙路街道清洁", capacity=1)
    sign_up(client_for(other_rider), activity)
    client = client_for(rider)
    client.cookies["django_language"] = "en"
    sign_up(client, activity)
    assert len(home_notices(client)) == 1  # on the waitlist

    page = cancel(client, activity).content.decode()

    assert "Your sign-up is cancelled." in page
    assert home_notices(client) == []
