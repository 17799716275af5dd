"""The activity's notices name it in their title. The home page's unread notices list titles
only: a rider signed up for two activities saw 报名成功 twice and could not tell which was which
without opening each. The SMS is the body, as before, so it is no longer for the title."""

from __future__ import annotations

import re

import pytest

from friendlystreet.notifications import kinds
from friendlystreet.notifications.models import Delivery, Notification
from tests.volunteers.factories import ActivityFactory
from volunteers import services

pytestmark = pytest.mark.django_db

ACTIVITY_KINDS = (
    "volunteers_signup_registered",
    "volunteers_signup_waitlisted",
    "volunteers_waitlist_promoted",
    "volunteers_activity_reminder",
    "volunteers_activity_cancelled",
    "volunteers_activity_changed",
    "volunteers_activity_points_stopped",
)


def home_notices(client, lang: str) -> list[str]:
    page = client.get("/home/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    return re.findall(r'data-testid="home-notice"><span>([^<]*)</span>', page)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh-hans", ["报名成功：看望独居老人", "报名成功：春熙路文明劝导"]),
        ("en", ["Signed up: 看望独居老人", "Signed up: 春熙路文明劝导"]),
    ],
)
def test_two_sign_ups_on_the_home_page_say_which_activity(client_for, rider, lang, said):
    rider.language = lang
    rider.save(update_fields=["language"])
    for title in ("春熙路文明劝导", "看望独居老人"):
        services.signup_create(rider=rider, activity=ActivityFactory(title=title))

    assert home_notices(client_for(rider), lang) == said


def test_a_waitlisted_rider_moved_up_is_told_which_activity_and_the_sms_is_the_body(rider, other_rider):
    activity = ActivityFactory(title="看望独居老人", capacity=1)
    rider.phone = rider.phone or "13800000001"
    services.signup_create(rider=other_rider, activity=activity)
    services.signup_create(rider=rider, activity=activity)
    assert Notification.objects.get(recipient=rider, kind="volunteers_signup_waitlisted").title == ("已进入候补：看望独居老人")

    services.signup_cancel(rider=other_rider, activity=activity)

    notice = Notification.objects.get(recipient=rider, kind="volunteers_waitlist_promoted")
    assert notice.title == "候补成功，已为您报名：看望独居老人"
    sms = Delivery.objects.get(notification=notice, channel=kinds.SMS)
    assert sms.text == notice.body  # the title does not make the SMS longer


def test_every_activity_notice_names_the_activity_in_its_title():
    assert [code for code in ACTIVITY_KINDS if "%(title)s" not in str(kinds.get(code).title)] == []
    assert [code for code in ACTIVITY_KINDS if kinds.get(code).sms is not None] == []
