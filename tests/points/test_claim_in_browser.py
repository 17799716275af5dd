"""In a real browser: a rider claims points with a photo, a reviewer approves the claim,
and the rider sees the new balance."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from points.models import Claim, ClaimPhoto, LedgerEntry, Rule
from tests.browser.steps import sign_in
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import RuleFactory, image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rider_claims_with_a_photo_reviewer_approves_rider_sees_the_balance(live_server, browser):
    rider = RiderFactory(display_name="王骑手")
    reviewer = ReviewerFactory()
    rule = RuleFactory(name="拾金不昧", points=50, evidence=Rule.Evidence.PHOTO)

    # The rider, on a phone.
    rider_page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(rider_page, live_server.url, rider.phone[3:])
    rider_page.goto(f"{live_server.url}/points/claims/new/")
    rider_page.locator("select[name=rule]").select_option(str(rule.pk))
    rider_page.locator("input[name=quantity]").fill("1")
    when = timezone.localtime() - timedelta(hours=2)
    rider_page.locator("input[name=occurred_at]").fill(when.strftime("%Y-%m-%dT%H:%M"))
    rider_page.locator("textarea[name=description]").fill("在成龙路捡到钱包，交给了派出所。")
    rider_page.locator("input[name=photos]").set_input_files(
        files=[{"name": "wallet.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG", size=(320, 240))}]
    )
    rider_page.locator("#submit-claim").click()

    expect(rider_page).to_have_url(re.compile(r"/points/claims/\d+/$"))
    expect(rider_page.get_by_test_id("claim-status")).to_have_attribute("data-status", "pending")
    expect(rider_page.get_by_test_id("claim-photo")).to_have_count(1)
    claim = Claim.objects.get(rider=rider)
    assert ClaimPhoto.objects.filter(claim=claim).count() == 1

    # The reviewer, at a desk.
    staff_page = browser.new_context().new_page()
    sign_in(staff_page, live_server.url, reviewer.username)
    staff_page.goto(f"{live_server.url}/staff/claims/")
    staff_page.locator(f'[data-claim-id="{claim.pk}"] a').first.click()
    expect(staff_page.get_by_test_id("award")).to_have_attribute("data-granted", "50")
    # The photo loads for the reviewer (served by the permission-checking view).
    photo = staff_page.get_by_test_id("claim-photo")
    expect(photo).to_have_count(1)
    image = photo.element_handle()
    staff_page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image)  # loading takes its time
    assert staff_page.evaluate("img => img.naturalWidth", image) == 320
    staff_page.locator("#approve").click()
    expect(staff_page).to_have_url(re.compile(r"/staff/claims/$"))

    # Back to the rider: the balance has the points.
    rider_page.goto(f"{live_server.url}/points/")
    expect(rider_page.get_by_test_id("balance")).to_have_text("50")
    expect(rider_page.get_by_test_id("entry")).to_have_count(1)
    assert LedgerEntry.objects.get().amount == 50
