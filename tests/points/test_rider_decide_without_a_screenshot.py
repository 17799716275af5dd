"""A reviewer opens a waiting rider who has uploaded no screenshot of their platform profile
(staff review): 认证通过并审下一位 was still the page's one filled button, inviting a
verification on no evidence. Now no verify button is the main action (both are outlined), the
page says there is no screenshot and what to do, and the refusal's reason comes filled in: one
click on 驳回并审下一位 asks the rider for a screenshot and opens the next rider. A rider with a
screenshot keeps the page as it was."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from friendlystreet.accounts.models import Verification
from friendlystreet.notifications.models import Notification
from points import verification
from tests.factories import RiderFactory
from tests.points.factories import image_bytes

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def page_of(client, rider, **headers) -> str:
    return client.get(f"/staff/riders/{rider.pk}/decide/", **headers).content.decode()


def button(page: str, id_: str) -> str:
    return re.search(rf'<button [^>]*id="{id_}"[^>]*>', page).group(0)


def reason_box(page: str) -> str:
    return re.search(r'<input [^>]*id="reason"[^>]*>', page).group(0)


def with_a_screenshot(rider):
    verification.evidence_save(rider=rider, upload=SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg"))
    return rider


def test_without_a_screenshot_verifying_is_not_the_main_action_and_the_page_says_what_to_do(client_for, reviewer):
    rider = RiderFactory(display_name="许静", verification=Verification.UNVERIFIED)
    page = page_of(client_for(reviewer), rider)
    assert 'class="secondary"' in button(page, "verify-next")
    assert 'class="secondary"' in button(page, "verify")
    assert "没有截图，无从核对骑手填写的资料。如需请骑手上传，请用下方已填好的原因驳回" in page
    assert 'value="您尚未上传平台个人资料截图"' in reason_box(page)
    # Verifying anyway is still possible, asked first.
    assert "仍要认证通过吗？" in page

    english = page_of(client_for(reviewer), rider, **EN)
    assert "Nothing to check the rider's details against. To ask for a screenshot, reject" in english
    # The reason is the rider's to read: in their language (the site's), not the verifier's.
    assert 'value="您尚未上传平台个人资料截图"' in reason_box(english)


def test_the_reason_offered_is_in_the_language_the_rider_chose(client_for, reviewer):
    rider = RiderFactory(display_name="Sam", verification=Verification.UNVERIFIED, language="en")

    chinese_page = page_of(client_for(reviewer), rider)

    assert 'value="no screenshot of your platform profile was uploaded"' in reason_box(chinese_page)


def test_rejecting_with_the_reason_filled_in_asks_the_rider_for_a_screenshot_and_opens_the_next(client_for, reviewer):
    xu = RiderFactory(display_name="许静", verification=Verification.UNVERIFIED)
    li = with_a_screenshot(RiderFactory(display_name="李四", verification=Verification.UNVERIFIED))
    staff = client_for(reviewer)
    reason = re.search(r'value="([^"]*)"', reason_box(page_of(staff, xu))).group(1)
    response = staff.post(
        f"/staff/riders/{xu.pk}/decide/", {"decision": "reject", "reason": reason, "and_next": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/staff/riders/{li.pk}/decide/"
    xu.refresh_from_db()
    assert (xu.verification, xu.verification_note) == (Verification.REJECTED, "您尚未上传平台个人资料截图")
    notice = Notification.objects.get(recipient=xu, kind="points_rider_rejected")
    assert notice.link == "/profile/evidence/"


def test_with_a_screenshot_the_page_is_as_it_was(client_for, reviewer):
    rider = with_a_screenshot(RiderFactory(verification=Verification.UNVERIFIED))
    page = page_of(client_for(reviewer), rider)
    assert "class=" not in button(page, "verify-next")  # the filled, main button
    assert 'id="no-evidence-advice"' not in page
    assert "value=" not in reason_box(page)


def test_a_verified_rider_whose_screenshot_is_gone_gets_no_reason_filled_in(client_for, reviewer):
    # Screenshots go some days after the decision: withdrawing a verification is not about one.
    rider = RiderFactory(verification=Verification.VERIFIED)
    page = page_of(client_for(reviewer), rider)
    assert "value=" not in reason_box(page)
    assert 'id="no-evidence-advice"' not in page


def test_a_refused_rider_whose_screenshot_retention_deleted_is_shown_as_such(client_for, reviewer):
    # 许 sent a blurred screenshot and was refused; the retention sweep has since deleted it.
    # The page says it was deleted (not that she never sent one), offers no refusal again and
    # no advice for a waiting rider; verifying is not the main action (nothing to check it on)
    # and asks first, saying no screenshot is kept. The refusal stays in the history.
    from datetime import timedelta

    from django.utils import timezone

    from points.privacy import purge_evidence

    xu = with_a_screenshot(RiderFactory(display_name="许静", verification=Verification.UNVERIFIED))
    staff = client_for(reviewer)
    staff.post(f"/staff/riders/{xu.pk}/decide/", {"decision": "reject", "reason": "截图看不清工号"})
    assert purge_evidence(timezone.now() + timedelta(seconds=1)) == 1

    page = page_of(staff, xu)
    assert re.search(r'id="no-evidence">截图未保留：截图在认证处理完成 \d+ 天后删除。<', page)
    assert 'id="rider-evidence"' not in page and 'id="no-evidence-advice"' not in page
    assert 'id="reason"' not in page and 'id="reject' not in page and 'id="verify-next"' not in page
    assert 'class="secondary"' in button(page, "verify")
    assert 'data-confirm="未保留该骑手的平台个人资料截图。仍要认证通过吗？"' in page
    assert "尚未上传" not in page
    assert re.search(r'data-testid="decision">.*认证未通过.*: 截图看不清工号', page, re.S)

    english = page_of(staff, xu, **EN)
    assert "No screenshot kept: screenshots are deleted" in english
    assert 'data-confirm="No screenshot of the rider’s platform profile is kept. Verify them anyway?"' in english
