"""A rider who pressed "me too" on someone else's report was never told when it was resolved: only
their My reports showed it, if they happened to look. Now each of them gets one notice (in-app,
and by SMS for those who switched SMS on for it), through notify(), when staff resolve it: the
number, the kind of problem and what the street office did, never who reported it. Nobody is
told before the resolution commits; a rejection or progress tells them nothing."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from friendlystreet.notifications.models import ChannelPreference, Notification
from friendlystreet.sms.models import OutboxMessage
from tests.factories import RiderFactory
from volunteers.reports.services import report_me_too, report_post_update, report_submit, report_transition

pytestmark = pytest.mark.django_db

KIND = "volunteers_report_me_too_resolved"
MINE = reverse("volunteers:report_list")


def someones_report(reporter):
    return report_submit(
        rider=reporter, category="public_facility", description="路灯坏了三天，电话13912345678联系我", lat=30.6085, lng=104.1255
    ).report


def resolve(client_for, reviewer, report, note="路灯已更换，晚上已经亮了"):
    staff = client_for(reviewer)
    url = reverse("volunteers:staff_report_transition", args=[report.pk])
    staff.post(url, {"status": "accepted", "note": ""})
    return staff.post(url, {"status": "resolved", "note": note})


def test_everyone_who_said_me_too_is_told_once_when_it_is_resolved(rider, other_rider, reviewer, client_for):
    reporter = RiderFactory(display_name="王上报")
    report = someones_report(reporter)
    report_me_too(rider=rider, report=report)
    report_me_too(rider=other_rider, report=report)
    report_transition(actor=reviewer, report=report, status="accepted")
    report_post_update(actor=reviewer, report=report, note="已通知照明维护单位")
    assert not Notification.objects.filter(kind=KIND).exists()  # progress is the reporter's news

    resolve(client_for, reviewer, report)

    for who in (rider, other_rider):
        notice = Notification.objects.get(recipient=who, kind=KIND)
        assert notice.title == f"您也看到的问题已解决：线索 #{report.pk}（公共设施）"
        assert notice.body == "路灯已更换，晚上已经亮了"
        assert notice.link == f"{MINE}#me-toos"  # their list of problems they also saw, not the reporter's page
        # nothing of the reporter
        for secret in ("王上报", reporter.phone, "13912345678", "路灯坏了三天"):
            assert secret not in notice.title + notice.body
    assert not Notification.objects.filter(recipient=reporter, kind=KIND).exists()  # told as the reporter, once
    assert Notification.objects.filter(kind=KIND).count() == 2

    # the inbox shows it and opens the list where the answer is
    inbox = client_for(rider).get(reverse("notifications:inbox")).content.decode()
    assert f"您也看到的问题已解决：线索 #{report.pk}（公共设施）" in inbox


def test_a_rider_who_wants_sms_for_it_gets_one_only_once_the_resolution_commits(
    rider, other_rider, reviewer, client_for, django_capture_on_commit_callbacks
):
    report = someones_report(other_rider)
    report_me_too(rider=rider, report=report)
    ChannelPreference.objects.create(user=rider, kind=KIND, channel="sms", enabled=True)
    report_transition(actor=reviewer, report=report, status="accepted")

    with django_capture_on_commit_callbacks(execute=False) as hooks, transaction.atomic():
        report_transition(actor=reviewer, report=report, status="resolved", note="已修好")
        assert not OutboxMessage.objects.filter(phone=rider.phone).exists()  # nothing sent inside the transaction
    assert not OutboxMessage.objects.filter(phone=rider.phone).exists()
    for hook in hooks:  # the commit: the delivery task runs in-process
        hook()

    sms = OutboxMessage.objects.get(phone=rider.phone)
    assert sms.text == f"【友好街道】您也看到的问题已解决：线索 #{report.pk}（公共设施）。已修好"


def test_a_rider_who_switched_nothing_on_gets_no_sms(rider, other_rider, reviewer, django_capture_on_commit_callbacks):
    report = someones_report(other_rider)
    report_me_too(rider=rider, report=report)
    report_transition(actor=reviewer, report=report, status="accepted")

    with django_capture_on_commit_callbacks(execute=True):
        report_transition(actor=reviewer, report=report, status="resolved", note="已修好")

    assert Notification.objects.filter(recipient=rider, kind=KIND).count() == 1
    assert not OutboxMessage.objects.filter(phone=rider.phone).exists()  # in-app only, the kind's default


def test_a_rejection_or_a_duplicate_tells_those_who_said_me_too_nothing(rider, other_rider, reviewer):
    rejected, duplicate = someones_report(other_rider), someones_report(other_rider)
    report_me_too(rider=rider, report=rejected)
    report_me_too(rider=rider, report=duplicate)
    original = someones_report(RiderFactory())

    report_transition(actor=reviewer, report=rejected, status="rejected", note="不属于街道管辖")
    report_transition(actor=reviewer, report=duplicate, status="duplicate", duplicate_of=original)

    assert not Notification.objects.filter(kind=KIND).exists()


def test_the_settings_page_offers_the_notice_to_riders(rider, client_for):
    html = client_for(rider).get(reverse("notifications:preferences")).content.decode()
    assert "我也看到的问题已解决" in html
    assert f'name="{KIND}__sms"' in html
