"""How long a rider has waited for verification, as the staff dashboard, the queue and "verify
and next" count it (staff review, finding 4): from the rider's first screenshot since the last
decision, not from their sign-up, nor from a clearer one sent while waiting (which kept sending
the rider to the back of the queue). 冯磊 signed up 9 days ago and was refused 8 days ago; he sent a new screenshot 6 hours
ago, so he has waited about 6 hours, not 9 days. A rider who has sent nothing still waits (a
verifier may decide without a screenshot) and the dashboard says how many of those there are."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from friendlystreet.accounts.models import User, Verification
from friendlystreet.audit.models import AuditEntry
from points.verification import EVIDENCE_UPLOADED, VERIFICATION_REOPENED
from tests.factories import RiderFactory
from tests.points.factories import image_bytes

pytestmark = pytest.mark.django_db

QUEUE = "/staff/riders/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def ago(**delta) -> timezone.datetime:
    return timezone.now() - timedelta(**delta)


def signed_up(name: str, phone: str, **delta) -> User:
    rider = RiderFactory(display_name=name, phone=phone, verification=Verification.UNVERIFIED)
    User.objects.filter(pk=rider.pk).update(date_joined=ago(**delta))
    return rider


def sends_a_screenshot(client_for, rider: User, **delta) -> None:
    """The rider uploads on their evidence page; the upload is then put back `delta` in time."""
    screenshot = SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg")
    assert client_for(rider).post("/profile/evidence/", {"evidence": screenshot}).status_code == 302
    entry = AuditEntry.objects.filter(action=EVIDENCE_UPLOADED, target_id=str(rider.pk)).latest("id")
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=ago(**delta))


def refused(client_for, reviewer, rider: User, **delta) -> None:
    client_for(reviewer).post(f"/staff/riders/{rider.pk}/decide/", {"decision": "reject", "reason": "截图看不清工号"})
    entry = AuditEntry.objects.filter(action="accounts.rider_rejected", target_id=str(rider.pk)).latest("id")
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=ago(**delta))


@pytest.fixture
def feng(client_for, reviewer):
    """冯磊 signed up 9 days ago, sent a screenshot, was refused 8 days ago and sent a new one
    6 hours ago."""
    feng = signed_up("冯磊", "+8613800000023", days=9)
    sends_a_screenshot(client_for, feng, days=8, hours=12)
    refused(client_for, reviewer, feng, days=8)
    sends_a_screenshot(client_for, feng, hours=6)
    feng.refresh_from_db()
    assert feng.verification == Verification.UNVERIFIED
    return feng


def card(html: str) -> str:
    """The dashboard's "riders waiting for verification" card, as text."""
    found = re.search(r'<li class="dash-queue[^"]*" data-queue="points.riders_waiting">(.*?)</li>', html, re.S)
    assert found, "no riders' card on the dashboard"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def queue_order(client) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-rider-id="(\d+)"', client.get(QUEUE).content.decode())]


def test_a_rider_refused_8_days_ago_who_sent_a_new_screenshot_6_hours_ago_has_waited_6_hours(client_for, reviewer, feng):
    xu = signed_up("许静", "+8613800000024", hours=1)  # nothing uploaded yet
    staff = client_for(reviewer)

    dashboard = card(staff.get("/staff/").content.decode())
    assert dashboard.startswith("2 ")  # both wait: 许 has nothing to check yet, but may be decided
    assert "最长等待：6 小时" in dashboard
    assert "天" not in dashboard  # not the 9 days since his sign-up
    assert "其中 1 位尚未上传材料" in dashboard

    # The queue says the same wait on his card, and puts him first: he has waited longest.
    assert queue_order(staff) == [feng.pk, xu.pk]
    queue = staff.get(QUEUE).content.decode()
    his = queue[queue.index(f'data-rider-id="{feng.pk}"') :]
    waited = re.search(r'data-testid="waiting-since">([^<]*)<', his).group(1)
    assert waited.startswith("等待时长：6 小时")


def test_the_card_reads_in_english_too(client_for, reviewer, feng):
    signed_up("许静", "+8613800000024", hours=1)
    dashboard = card(client_for(reviewer).get("/staff/", **EN).content.decode())
    assert "oldest waiting 6 hours" in dashboard
    assert "1 of them has uploaded no evidence yet" in dashboard


def test_with_every_rider_s_screenshot_in_the_card_says_nothing_of_missing_ones(client_for, reviewer, feng):
    dashboard = card(client_for(reviewer).get("/staff/").content.decode())
    assert "最长等待：6 小时" in dashboard and "尚未上传材料" not in dashboard


def test_the_queue_and_verify_and_next_follow_the_wait_not_the_sign_up(client_for, reviewer, feng):
    # 邓 signed up 2 days ago and sent his screenshot yesterday: he has waited longer than 冯.
    deng = signed_up("邓超", "+8613800000025", days=2)
    sends_a_screenshot(client_for, deng, days=1)
    # 许 signed up 3 days ago and has sent nothing: he has waited since his sign-up.
    xu = signed_up("许静", "+8613800000024", days=3)
    staff = client_for(reviewer)

    assert queue_order(staff) == [xu.pk, deng.pk, feng.pk]
    assert "最长等待：3 天" in card(staff.get("/staff/").content.decode())

    # "Verify and next" goes on in the same order: from 邓 to 冯, then round to 许.
    response = staff.post(f"/staff/riders/{deng.pk}/decide/", {"decision": "verify", "and_next": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/staff/riders/{feng.pk}/decide/"
    response = staff.post(f"/staff/riders/{feng.pk}/decide/", {"decision": "verify", "and_next": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/staff/riders/{xu.pk}/decide/"


def test_a_verified_rider_who_changes_a_verified_detail_waits_from_the_change(client_for, reviewer):
    # 王 signed up and sent his screenshot a month ago and was verified then.
    wang = signed_up("王小明", "+8613800000026", days=31)
    sends_a_screenshot(client_for, wang, days=30)
    client_for(reviewer).post(f"/staff/riders/{wang.pk}/decide/", {"decision": "verify"})
    # An hour ago he changed his platform: the office checks him again, from then.
    client_for(wang).post(
        "/profile/edit/", {"display_name": "王小明", "platform": "饿了么", "work_type": "delivery", "home_community": ""}
    )
    wang.refresh_from_db()
    assert wang.verification == Verification.UNVERIFIED
    AuditEntry.objects.filter(action=VERIFICATION_REOPENED, target_id=str(wang.pk)).update(created_at=ago(hours=1))
    li = signed_up("李四", "+8613800000027", hours=3)  # nothing uploaded: waits from his sign-up

    staff = client_for(reviewer)
    assert queue_order(staff) == [li.pk, wang.pk]
    assert "最长等待：3 小时" in card(staff.get("/staff/").content.decode())
    assert "其中 1 位尚未上传材料" in card(staff.get("/staff/").content.decode())


def test_the_queue_says_how_it_is_ordered(client_for, reviewer, feng):
    text = text_of(client_for(reviewer).get(QUEUE, **EN))
    assert "Longest waiting first" in text
    assert "Waiting 6 hours (since " in text


# A rider who sends a clearer screenshot while waiting keeps their place (staff review: a
# replacement restarted the wait and sent them to the back, punishing a better photo).


def test_a_rider_who_sends_a_clearer_screenshot_while_waiting_keeps_his_place(client_for, reviewer):
    # 邓 sent his screenshot 2 days ago, 许 hers yesterday. An hour ago 邓 sent a clearer photo.
    deng = signed_up("邓超", "+8613800000025", days=3)
    sends_a_screenshot(client_for, deng, days=2)
    xu = signed_up("许静", "+8613800000024", days=3)
    sends_a_screenshot(client_for, xu, days=1)
    sends_a_screenshot(client_for, deng, hours=1)
    staff = client_for(reviewer)

    # He still waits from his first screenshot: first in the queue, 2 days on his card and the dashboard.
    assert queue_order(staff) == [deng.pk, xu.pk]
    queue = staff.get(QUEUE).content.decode()
    his = queue[queue.index(f'data-rider-id="{deng.pk}"') :]
    assert re.search(r'data-testid="waiting-since">([^<]*)<', his).group(1).startswith("等待时长：2 天")
    assert "最长等待：2 天" in card(staff.get("/staff/").content.decode())

    # "Verify and next" from 许 goes round to him, not past him.
    response = staff.post(f"/staff/riders/{xu.pk}/decide/", {"decision": "verify", "and_next": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/staff/riders/{deng.pk}/decide/"


def test_a_refused_rider_waits_from_his_new_screenshot_and_keeps_that_place_when_he_replaces_it(client_for, reviewer, feng):
    # 冯 was refused 8 days ago and sent a new screenshot 6 hours ago: his wait began then. He
    # sends another one now, and has still waited 6 hours, not minutes nor 9 days.
    sends_a_screenshot(client_for, feng, minutes=10)
    dashboard = card(client_for(reviewer).get("/staff/").content.decode())
    assert "最长等待：6 小时" in dashboard


def test_a_reopened_rider_who_then_sends_a_screenshot_waits_from_the_reopening(client_for, reviewer):
    # 王 was verified a month ago; an hour ago he changed his platform (the office checks him
    # again, from then) and ten minutes ago he sent a screenshot from the new platform.
    wang = signed_up("王小明", "+8613800000026", days=31)
    sends_a_screenshot(client_for, wang, days=30)
    client_for(reviewer).post(f"/staff/riders/{wang.pk}/decide/", {"decision": "verify"})
    client_for(wang).post(
        "/profile/edit/", {"display_name": "王小明", "platform": "饿了么", "work_type": "delivery", "home_community": ""}
    )
    AuditEntry.objects.filter(action=VERIFICATION_REOPENED, target_id=str(wang.pk)).update(created_at=ago(hours=1))
    sends_a_screenshot(client_for, wang, minutes=10)
    li = signed_up("李四", "+8613800000027", minutes=30)  # nothing uploaded: waits from his sign-up

    assert queue_order(client_for(reviewer)) == [wang.pk, li.pk]


def test_the_verifier_sees_that_the_screenshot_was_replaced_and_when(client_for, reviewer):
    deng = signed_up("邓超", "+8613800000025", days=3)
    sends_a_screenshot(client_for, deng, days=2)
    staff = client_for(reviewer)
    assert 'id="evidence-replaced"' not in staff.get(f"/staff/riders/{deng.pk}/decide/").content.decode()

    sends_a_screenshot(client_for, deng, hours=1)
    replaced = AuditEntry.objects.filter(action=EVIDENCE_UPLOADED, target_id=str(deng.pk)).latest("id").created_at
    when = timezone.localtime(replaced).strftime("%Y-%m-%d %H:%M")
    assert f"已更换截图 · {when}" in text_of(staff.get(f"/staff/riders/{deng.pk}/decide/"))
    assert f"Screenshot replaced on {when}" in text_of(staff.get(f"/staff/riders/{deng.pk}/decide/", **EN))


def test_a_screenshot_sent_after_a_refusal_is_not_called_a_replacement(client_for, reviewer, feng):
    # The page says "sent again after a refusal" instead; only a later one is a replacement.
    staff = client_for(reviewer)
    page = staff.get(f"/staff/riders/{feng.pk}/decide/").content.decode()
    assert 'data-testid="resubmitted-note"' in page and 'id="evidence-replaced"' not in page
    sends_a_screenshot(client_for, feng, minutes=10)
    assert 'id="evidence-replaced"' in staff.get(f"/staff/riders/{feng.pk}/decide/").content.decode()
