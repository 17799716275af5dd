"""In Chromium at a desk: a reviewer types why a claim should be rejected, clicks elsewhere on
the page (to look at a photo, the facts) and presses a or n out of habit. The claim was approved,
or the next one opened, and the reason was gone. With a reason typed, the keys now bring the
reviewer back to it; nothing is decided."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from points.models import Claim
from tests.browser.steps import sign_in
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1280, "height": 800}


def test_a_and_n_keep_a_reason_typed_but_not_sent(live_server, browser):
    rule = RuleFactory(name="文明劝导", points=10)
    claim = ClaimFactory(rider=RiderFactory(), rule=rule)
    ClaimFactory(rider=RiderFactory(), rule=rule)  # a next claim "n" could open
    context = browser.new_context(viewport=DESK, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        sign_in(page, live_server.url, ReviewerFactory().username)
        url = f"{live_server.url}/staff/claims/{claim.pk}/"
        page.goto(url)
        expect(page.locator(".shortcuts")).to_be_visible()  # review.js runs: the keys work

        reason = page.locator("#id_reason")
        reason.fill("照片看不清")
        page.locator("h1").click()  # the focus leaves the box
        for key in ("a", "n"):
            page.keyboard.press(key)
            expect(reason).to_be_focused()
            expect(reason).to_have_value("照片看不清")  # the letter did not land in it either
            page.locator("h1").click()
        expect(page).to_have_url(url)
        claim.refresh_from_db()
        assert claim.status == Claim.Status.PENDING
    finally:
        context.close()
