"""Two members of staff open the same rider waiting for verification. One verifies; a moment
later the other, still looking at the rider as waiting, refuses. Before, the refusal silently
replaced the verification and the rider got both notices, 已通过认证 then 认证未通过. Now the
second decision is refused with who decided and when (as a claim's review says it), the rider
keeps the first decision and its one notice, and the reason typed is kept. Deciding again on
purpose (revoking a verification) goes through the page as it is now."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from friendlystreet.accounts.models import Verification
from friendlystreet.notifications.models import Notification
from points import verification
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import image_bytes

pytestmark = pytest.mark.django_db

REASON = "截图里的工号看不清，请重新上传一张清晰的截图"


@pytest.fixture
def applicant(db):
    return RiderFactory(display_name="张小明", verification=Verification.UNVERIFIED)


@pytest.fixture
def wang(db):
    """The second verifier."""
    return ReviewerFactory(display_name="王审核")


def decide(rider) -> str:
    return f"/staff/riders/{rider.pk}/decide/"


def shown(page: str) -> dict[str, str]:
    """The hidden fields the page's decision forms send: what the page was showing."""
    return {name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1) for name in ("seen", "seen_decision")}


def reason_box(page: str) -> str | None:
    box = re.search(r'<input type="text" name="reason" id="reason"[^>]*>', page)
    value = re.search(r'value="([^"]*)"', box.group(0)) if box else None
    return html.unescape(value.group(1)) if value else None


def unsaved_reason(page: str) -> str:
    note = re.search(r'<textarea id="unsaved-reason-text"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(note.group(1)).strip() if note else ""


def notices_of(rider) -> list[str]:
    return list(Notification.objects.filter(recipient=rider).order_by("id").values_list("kind", flat=True))


def when_decided(rider) -> str:
    entry = verification.decision_history(rider, limit=1)[0]
    return timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M")


def test_a_refusal_after_another_verifiers_verification_is_refused_and_says_who_and_when(client_for, reviewer, wang, applicant):
    first, second = client_for(reviewer), client_for(wang)
    first_page = first.get(decide(applicant)).content.decode()
    second_page = second.get(decide(applicant)).content.decode()

    first.post(decide(applicant), {"decision": "verify", **shown(first_page)})
    response = second.post(decide(applicant), {"decision": "reject", "reason": REASON, **shown(second_page)}, follow=True)

    page = response.content.decode()
    assert [str(m) for m in response.context["messages"]] == [
        f"张** 已由 审核员 于 {when_decided(applicant)} 先行认证通过，你的驳回未保存。"
    ]
    applicant.refresh_from_db()
    assert (applicant.verification, applicant.verification_note) == ("verified", "")
    assert notices_of(applicant) == ["points_rider_verified"]
    # The page as it is now (verified: only Reject, to revoke), the reason typed back in its box.
    assert response.redirect_chain[-1][0] == decide(applicant)
    assert shown(page) == {"seen": "verified", "seen_decision": str(verification.decision_history(applicant)[0].pk)}
    assert reason_box(page) == REASON


def test_revoking_on_purpose_from_the_page_as_it_is_now_still_works(client_for, reviewer, wang, applicant):
    first, second = client_for(reviewer), client_for(wang)
    stale = shown(second.get(decide(applicant)).content.decode())
    first.post(decide(applicant), {"decision": "verify", **shown(first.get(decide(applicant)).content.decode())})
    second.post(decide(applicant), {"decision": "reject", "reason": REASON, **stale})

    # Wang reads the page again, sees the verification and revokes it.
    now = shown(second.get(decide(applicant)).content.decode())
    response = second.post(decide(applicant), {"decision": "reject", "reason": REASON, **now}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["张** 认证未通过，已通知骑手（含原因）。"]
    applicant.refresh_from_db()
    assert (applicant.verification, applicant.verification_note) == ("rejected", REASON)
    assert notices_of(applicant) == ["points_rider_verified", "points_rider_rejected"]


def test_a_verification_after_another_verifiers_refusal_is_refused(client_for, reviewer, wang, applicant):
    first, second = client_for(reviewer), client_for(wang)
    first_page = first.get(decide(applicant)).content.decode()
    second_page = second.get(decide(applicant)).content.decode()

    first.post(decide(applicant), {"decision": "reject", "reason": REASON, **shown(first_page)})
    response = second.post(decide(applicant), {"decision": "verify", "and_next": "1", **shown(second_page)}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        f"张** 已由 审核员 于 {when_decided(applicant)} 先行驳回认证，你的认证通过未保存。"
    ]
    assert response.redirect_chain[-1][0] == decide(applicant)  # "and next" stays on the rider
    applicant.refresh_from_db()
    assert (applicant.verification, applicant.verification_note) == ("rejected", REASON)
    assert notices_of(applicant) == ["points_rider_rejected"]


def test_two_refusals_the_second_reason_is_kept_to_copy(client_for, reviewer, wang, applicant):
    first, second = client_for(reviewer), client_for(wang)
    first_page = first.get(decide(applicant)).content.decode()
    second_page = second.get(decide(applicant)).content.decode()

    first.post(decide(applicant), {"decision": "reject", "reason": "截图看不清", **shown(first_page)})
    response = second.post(decide(applicant), {"decision": "reject", "reason": REASON, **shown(second_page)}, follow=True)

    # A refused rider's page has no reason box: the reason is shown to copy.
    assert unsaved_reason(response.content.decode()) == REASON
    applicant.refresh_from_db()
    assert applicant.verification_note == "截图看不清"
    assert notices_of(applicant) == ["points_rider_rejected"]


def test_a_new_screenshot_sent_while_the_refused_page_was_open_is_looked_at_first(client_for, reviewer, applicant):
    staff = client_for(reviewer)
    waiting_page = shown(staff.get(decide(applicant)).content.decode())
    staff.post(decide(applicant), {"decision": "reject", "reason": "截图看不清", **waiting_page})
    refused_page = shown(staff.get(decide(applicant)).content.decode())
    verification.evidence_save(rider=applicant, upload=SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg"))

    response = staff.post(decide(applicant), {"decision": "verify", **refused_page}, follow=True)

    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("张** 已于 ") and message.endswith(" 重新上传截图，正在等待认证，你的决定未保存。")
    applicant.refresh_from_db()
    assert applicant.verification == "unverified"


def test_in_english_the_verifier_reads_who_was_first(client_for, reviewer, wang, applicant):
    first, second = client_for(reviewer), client_for(wang)
    second.cookies.load({"django_language": "en"})
    second_page = second.get(decide(applicant)).content.decode()
    first.post(decide(applicant), {"decision": "verify", **shown(first.get(decide(applicant)).content.decode())})

    response = second.post(decide(applicant), {"decision": "reject", "reason": REASON, **shown(second_page)}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        f"张** was verified by 审核员 at {when_decided(applicant)}, before your refusal: it was not saved."
    ]
