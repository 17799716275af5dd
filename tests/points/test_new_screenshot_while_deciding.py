"""A rider waiting for verification sends a screenshot; a verifier opens their page and starts
typing why it will not do. Meanwhile the rider sends a better screenshot. The refusal went
through, decided on the old screenshot (the page's state and last decision had not changed).
Now the decision is refused, saying the rider sent a new screenshot and when, and the reason
typed is kept; the page as it is now shows the new screenshot and decides."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from friendlystreet.accounts.models import Verification
from friendlystreet.notifications.models import Notification
from points import verification
from tests.factories import RiderFactory
from tests.points.factories import image_bytes

pytestmark = pytest.mark.django_db

REASON = "截图里的工号看不清，请重新上传一张清晰的截图"


@pytest.fixture
def applicant(db):
    rider = RiderFactory(display_name="张小明", verification=Verification.UNVERIFIED)
    send_screenshot(rider)
    return rider


def send_screenshot(rider) -> None:
    verification.evidence_save(rider=rider, upload=SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg"))


def decide(rider) -> str:
    return f"/staff/riders/{rider.pk}/decide/"


def shown(page: str) -> dict[str, str]:
    """The hidden fields the page's decision forms send: what the page was showing."""
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1) for name in ("seen", "seen_decision", "seen_upload")
    }


def reason_box(page: str) -> str | None:
    box = re.search(r'<input type="text" name="reason" id="reason"[^>]*>', page)
    value = re.search(r'value="([^"]*)"', box.group(0)) if box else None
    return html.unescape(value.group(1)) if value else None


def when_sent(rider) -> str:
    return timezone.localtime(verification.last_upload(rider).created_at).strftime("%Y-%m-%d %H:%M")


def test_a_refusal_of_the_old_screenshot_is_refused_and_the_reason_kept(client_for, reviewer, applicant):
    staff = client_for(reviewer)
    old_page = shown(staff.get(decide(applicant)).content.decode())
    send_screenshot(applicant)  # the better one, while the verifier types

    response = staff.post(decide(applicant), {"decision": "reject", "reason": REASON, **old_page}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        f"张** 已于 {when_sent(applicant)} 重新上传截图，正在等待认证，你的决定未保存。"
    ]
    applicant.refresh_from_db()
    assert (applicant.verification, applicant.verification_note) == ("unverified", "")
    assert not Notification.objects.filter(recipient=applicant).exists()
    page = response.content.decode()
    assert reason_box(page) == REASON
    # The page as it is now shows the new screenshot; deciding from it goes through.
    response = staff.post(decide(applicant), {"decision": "verify", **shown(page)}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["张** 已通过认证，已通知骑手。"]
    applicant.refresh_from_db()
    assert applicant.verification == "verified"


def test_a_revocation_while_a_verified_rider_sends_a_new_screenshot_is_looked_at_first(client_for, reviewer, applicant):
    staff = client_for(reviewer)
    staff.post(decide(applicant), {"decision": "verify", **shown(staff.get(decide(applicant)).content.decode())})
    verified_page = shown(staff.get(decide(applicant)).content.decode())
    send_screenshot(applicant)

    response = staff.post(decide(applicant), {"decision": "reject", "reason": REASON, **verified_page}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        f"张** 已于 {when_sent(applicant)} 上传了新的截图，请先查看。你的决定未保存。"
    ]
    applicant.refresh_from_db()
    assert applicant.verification == "verified"
