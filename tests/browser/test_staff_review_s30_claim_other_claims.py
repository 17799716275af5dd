"""A reviewer on a 360 px phone checks a claim against the rider's other claims: the same-day
warning (可能重复) and the list of the rider's claims this month. Each is opened by its number
(#24), which was a 17 px line of text, the numbers of two claims 25 px apart: a thumb opened
the wrong one. Each number is now a target of at least 44 by 44 px, and no two overlap.

Screenshots go to $SCREENSHOT_DIR when it is set, else to the test's temporary directory."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from points import services
from tests.browser.venue_pages import folder_for, signed_in_phone
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def targets(page, selector: str) -> list[dict]:
    return [link.bounding_box() for link in page.locator(selector).all()]


def apart(boxes: list[dict]) -> bool:
    """No two boxes overlap (one below the other, or side by side)."""
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if not (
                a["y"] + a["height"] <= b["y"]
                or b["y"] + b["height"] <= a["y"]
                or a["x"] + a["width"] <= b["x"]
                or b["x"] + b["width"] <= a["x"]
            ):
                return False
    return True


def test_the_riders_other_claims_open_by_a_thumb_sized_number(live_server, browser, tmp_path):
    rider = RiderFactory(display_name="王小骑")
    reviewer = ReviewerFactory()
    shift = RuleFactory(name="志愿服务时长")
    # Yesterday at ten, Beijing time: "now - 2 h" fell on the day before its twin after midnight.
    morning = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=1)
    opened = ClaimFactory(rider=rider, rule=shift, occurred_at=morning)
    ClaimFactory(rider=rider, rule=shift, occurred_at=morning - timedelta(minutes=30))  # the same day: 可能重复
    for name in ("帮扶困难群众", "应急救援协助", "拾金不昧"):
        other = ClaimFactory(rider=rider, rule=RuleFactory(name=name), occurred_at=morning - timedelta(hours=1))
        services.claim_approve(actor=ReviewerFactory(), claim=other)

    page = signed_in_phone(browser, live_server, reviewer, f"/staff/claims/{opened.pk}/")

    expect(page.get_by_test_id("same-day")).to_be_visible()
    same_day = targets(page, '[data-testid="same-day"] li a')
    this_month = targets(page, "#earlier-claims li a")
    assert len(same_day) == 1 and len(this_month) == 4
    for box in same_day + this_month:
        assert box["height"] >= 44 and box["width"] >= 44, box
    assert apart(this_month)
    page.locator("#earlier-claims").screenshot(path=str(folder_for(tmp_path) / "claim-other-claims-360.png"))

    # The number opens that claim.
    page.locator("#earlier-claims li a").first.click()
    expect(page.locator("h1")).to_contain_text("申请 #")
    assert page.url != f"{live_server.url}/staff/claims/{opened.pk}/"
