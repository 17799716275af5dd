"""A reviewer on a 360 px phone decides a rider's verification. The button beside the reason
box is 驳回, which the reason goes with: typing a reason and pressing the button next to it
used to verify the rider (认证通过 stood there). Pressing 驳回 with the box empty is stopped at
the box, not answered at the top of the page, above the screenshot, after a round trip."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from friendlystreet.accounts.models import Verification
from points import verification
from tests.browser.venue_pages import signed_in_phone
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_button_beside_the_reason_rejects_and_an_empty_reason_is_asked_for_at_the_box(live_server, browser):
    applicant = RiderFactory(verification=Verification.UNVERIFIED, display_name="罗刚")
    # With a screenshot, as most are: without one the box comes filled in (9e5672b).
    verification.evidence_save(rider=applicant, upload=SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg"))
    page = signed_in_phone(browser, live_server, ReviewerFactory(), f"/staff/riders/{applicant.pk}/decide/")
    reason = page.locator("#reason")

    # 驳回 with nothing typed: the box asks, nothing is sent.
    page.get_by_role("button", name="驳回", exact=True).click()
    assert reason.evaluate("el => el.validity.valueMissing")
    expect(page.locator(".messages")).to_have_count(0)
    applicant.refresh_from_db()
    assert applicant.verification == Verification.UNVERIFIED

    # A reason typed, then the button on the box's line: that is 驳回.
    reason.fill("截图看不清姓名")
    box = reason.bounding_box()
    beside = page.locator("#decide-form button").filter(visible=True).all()
    # On the box's line or under it, only rejections: 驳回并审下一位 (a rider waiting: the next
    # one opens) and 驳回; 认证通过 (and 认证通过并审下一位) stay above the box.
    from_the_box_down = [b for b in beside if b.bounding_box()["y"] > box["y"] - box["height"]]
    assert [b.inner_text() for b in from_the_box_down] == ["驳回并审下一位", "驳回"]
    page.get_by_role("button", name="驳回", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/staff/riders/")
    applicant.refresh_from_db()
    assert (applicant.verification, applicant.verification_note) == (Verification.REJECTED, "截图看不清姓名")
