"""A rider's verification over its life, from the accounts review: a rider refused who sends a
new screenshot waits in the queue again (and is counted), reads 已重新提交，等待街道办审核 and
the reviewer sees their full name as for any rider waiting; a sign-up whose phone was never
confirmed waits nowhere; a refusal reads 认证未通过 wherever staff see it; a verified rider who
changes a verified detail is told first and then checked again."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from friendlystreet.accounts.models import User, Verification
from friendlystreet.audit.models import AuditEntry
from points import services, verification
from points.selectors import riders_waiting_count
from tests.factories import RiderFactory
from tests.points.factories import image_bytes

pytestmark = pytest.mark.django_db

QUEUE = "/staff/riders/"
UPLOAD = "/profile/evidence/"
EDIT = "/profile/edit/"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def a_screenshot() -> SimpleUploadedFile:
    return SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg")


@pytest.fixture
def wang(db):
    """王小明 signed up, confirmed his phone and sent a blurred screenshot."""
    return RiderFactory(display_name="王小明", phone="+8613912340001", verification=Verification.UNVERIFIED)


def queue_ids(client, status: str = "unverified") -> set[str]:
    return set(re.findall(r'data-rider-id="(\d+)"', client.get(QUEUE, {"status": status}).content.decode()))


def test_a_refused_rider_who_uploads_again_waits_in_the_queue_and_reads_resubmitted(client_for, reviewer, wang):
    staff = client_for(reviewer)
    refused = staff.post(f"/staff/riders/{wang.pk}/decide/", {"decision": "reject", "reason": "截图看不清工号"}, follow=True)
    assert "王** 认证未通过，已通知骑手（含原因）。" in text_of(refused)
    assert str(wang.pk) not in queue_ids(staff)
    assert str(wang.pk) in queue_ids(staff, "rejected")
    waiting_before = riders_waiting_count()

    rider = client_for(wang)
    home = text_of(rider.get("/home/"))
    assert "您的认证未通过" in home and "截图看不清工号" in home and "重新上传截图" in home
    sent = rider.post(UPLOAD, {"evidence": a_screenshot()}, follow=True)
    assert sent.status_code == 200

    wang.refresh_from_db()
    assert wang.verification == Verification.UNVERIFIED
    assert verification.resubmitted(wang)
    # The rider's side: received and waiting, the old reason still there to read.
    home = text_of(rider.get("/home/"))
    assert "已重新提交，等待街道办审核" in home and "您的认证未通过" not in home
    assert "上次未通过的原因：截图看不清工号" in home
    assert "已重新提交，等待街道办审核" in text_of(rider.get(UPLOAD))
    # The staff side: back in the waiting queue, counted, marked as sent again.
    assert str(wang.pk) in queue_ids(staff)
    assert riders_waiting_count() == waiting_before + 1
    queue = text_of(staff.get(QUEUE))
    assert "已重新提交" in queue and "截图看不清工号" in queue
    # The decision page shows the full name, as for any rider waiting, and the earlier refusal.
    page = staff.get(f"/staff/riders/{wang.pk}/decide/")
    body = text_of(page)
    assert "王小明" in body and "已重新提交" in body
    assert 'data-testid="decision"' in page.content.decode() and "认证未通过" in body
    # The upload is on the audit trail with the state it moved.
    entry = AuditEntry.objects.filter(action="accounts.evidence_uploaded", target_id=str(wang.pk)).latest("id")
    assert entry.data["changes"]["verification"] == ["rejected", "unverified"]  # a before/after on the trail

    # Verified this time: the refusal's reason goes with the decision.
    staff.post(f"/staff/riders/{wang.pk}/decide/", {"decision": "verify"})
    wang.refresh_from_db()
    assert wang.is_verified and not verification.resubmitted(wang)


def test_a_refused_rider_who_has_not_uploaded_again_has_no_reason_box_without_a_reject_button(client_for, reviewer, wang):
    services.rider_verify(actor=reviewer, rider=wang, approve=False, reason="截图看不清")
    html = client_for(reviewer).get(f"/staff/riders/{wang.pk}/decide/").content.decode()
    assert 'id="verify"' in html
    assert 'id="reject"' not in html and 'name="reason"' not in html
    assert "认证未通过" in text_of(client_for(reviewer).get(f"/staff/riders/{wang.pk}/decide/"))
    # The tab says it in the same words.
    assert ">认证未通过</a>" in client_for(reviewer).get(QUEUE).content.decode()


def test_a_sign_up_whose_phone_was_never_confirmed_is_not_in_the_queue_nor_counted(client_for, reviewer, wang):
    abandoned = RiderFactory(
        display_name="13912340009", phone="+8613912340009", phone_verified=False, verification=Verification.UNVERIFIED
    )
    staff = client_for(reviewer)

    ids = queue_ids(staff)
    assert str(wang.pk) in ids and str(abandoned.pk) not in ids
    assert riders_waiting_count() == 1
    # The dashboard's count is the same selector's.
    assert "139****0009" not in staff.get("/staff/").content.decode()

    User.objects.filter(pk=abandoned.pk).update(phone_verified=True)  # they typed the code after all
    assert str(abandoned.pk) in queue_ids(staff)
    assert riders_waiting_count() == 2


def test_a_verified_rider_is_warned_before_changing_a_verified_detail(client_for, rider):
    page = client_for(rider).get(EDIT)
    assert "修改姓名后需要重新认证。" in text_of(page)


def test_platform_and_work_type_stay_required_as_at_sign_up(client_for, rider):
    refused = client_for(rider).post(EDIT, {"display_name": "张小骑", "platform": " ", "work_type": "", "home_community": ""})
    assert refused.status_code == 200
    body = text_of(refused)
    assert "请填写您所在的平台。" in body and "请选择工作类型。" in body
    rider.refresh_from_db()
    assert rider.platform == "美团" and rider.work_type == "delivery"


def test_the_rule_sends_a_verified_rider_whose_name_changed_back_to_verification(rider):
    """verified_details_changed, as the service that saves the details runs it on the locked row."""
    before = {name: getattr(rider, name) for name in verification.VERIFIED_DETAILS}
    rider.display_name = "张大骑"
    assert verification.verified_details_changed(rider=rider, before=before)
    rider.refresh_from_db()
    assert rider.verification == Verification.UNVERIFIED and rider.verification_note == ""
    entry = AuditEntry.objects.get(action="accounts.verification_reopened")
    assert entry.data == {"changes": {"verification": ["verified", "unverified"]}, "changed": ["display_name"]}
    # Nothing to do for a rider not verified, or details unchanged.
    assert not verification.verified_details_changed(rider=rider, before={"display_name": "x"})


def test_a_verified_rider_who_renames_themself_waits_for_verification_again(client_for, reviewer, rider):
    client = client_for(rider)
    saved = client.post(
        EDIT, {"display_name": "张大骑", "platform": "美团", "work_type": "delivery", "home_community": ""}, follow=True
    )
    assert "需要重新认证" in text_of(saved)
    rider.refresh_from_db()
    assert rider.verification == Verification.UNVERIFIED
    assert str(rider.pk) in queue_ids(client_for(reviewer))


def test_the_refusal_notice_says_what_to_do_and_opens_the_upload_page(reviewer, wang):
    from friendlystreet.notifications.models import Notification

    services.rider_verify(actor=reviewer, rider=wang, approve=False, reason="截图看不清工号，请上传清晰的美团App个人主页截图。")

    notice = Notification.objects.get(recipient=wang, kind="points_rider_rejected")
    assert notice.body == "街道办未能认证您的账号：截图看不清工号，请上传清晰的美团App个人主页截图。请登录友好街道重新上传截图。"
    assert notice.link == "/profile/evidence/"


def test_the_profile_says_认证未通过_then_已重新提交(client_for, reviewer, wang):
    services.rider_verify(actor=reviewer, rider=wang, approve=False, reason="截图看不清")
    line = re.search(r'data-testid="profile-verification">([^<]*)', client_for(wang).get("/profile/").content.decode())
    assert line.group(1).split("·")[0].strip() == "认证未通过 — 截图看不清"

    verification.evidence_save(rider=wang, upload=a_screenshot())

    line = re.search(r'data-testid="profile-verification">([^<]*)', client_for(wang).get("/profile/").content.decode())
    assert line.group(1).split("·")[0].strip() == "已重新提交，等待街道办审核"
