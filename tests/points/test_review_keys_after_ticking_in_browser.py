"""In Chromium at a desk: a reviewer ticks a claim's box in the queue and presses n, and the
first claim opens as the key does on the queue (a focused checkbox is not typing); typed into
the reason box or the rider filter, the same letters stay text. (With a reason typed, n asks
first: test_review_keys_ask_before_dropping_a_reason_in_browser.py.)"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from points.models import Claim
from tests.browser.steps import sign_in
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1280, "height": 800}


def submitted(minutes_ago: int, **kwargs) -> Claim:
    claim = ClaimFactory(**kwargs)
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return claim


def test_n_after_ticking_a_box_opens_the_first_claim_and_typing_stays_typing(live_server, browser):
    rule = RuleFactory(name="文明劝导", points=10)
    first = submitted(30, rider=RiderFactory(), rule=rule)
    second = submitted(20, rider=RiderFactory(), rule=rule)
    context = browser.new_context(viewport=DESK, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        sign_in(page, live_server.url, ReviewerFactory().username)
        page.goto(f"{live_server.url}/staff/claims/")
        expect(page.locator(".shortcuts")).to_be_visible()  # review.js runs: the keys work

        # Letters typed into the filter and the reason box stay there.
        page.locator("#f-rider").fill("")
        page.locator("#f-rider").press("n")
        page.locator("#bulk-reason").press("n")
        expect(page).to_have_url(f"{live_server.url}/staff/claims/")
        expect(page.locator("#f-rider")).to_have_value("n")
        expect(page.locator("#bulk-reason")).to_have_value("n")
        # Cleared again: with a reason typed, n would ask first.
        page.locator("#bulk-reason").fill("")

        box = page.get_by_label(f"选择申请 #{second.pk}")
        box.check()
        expect(box).to_be_focused()
        page.keyboard.press("n")
        expect(page).to_have_url(re.compile(rf"/staff/claims/{first.pk}/$"))
        expect(page.locator("#next-claim")).to_have_attribute("href", re.compile(rf"^/staff/claims/{second.pk}/"))
    finally:
        context.close()
