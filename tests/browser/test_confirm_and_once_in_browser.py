"""In a real browser, the two things every form may ask of the page's one script
(static/js/site.js): a question before it acts (data-confirm), and being sent once
(data-once). A rider who says no to "Spend 80 points?" keeps the points; a rider who says
yes and taps again while the page loads gets one voucher."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from points.models import Claim, Voucher
from tests.browser.steps import sign_in
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory
from tests.points.rewards.factories import RewardFactory, balance, give_points
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.models import Signup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}}


def test_no_to_the_question_spends_nothing_and_yes_with_a_second_tap_buys_once(live_server, browser):
    reward = RewardFactory(title="电瓶免费充电一次", cost=80)
    rider = RiderFactory()
    give_points(rider, 200)
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/rewards/{reward.pk}/")

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("#redeem").click()
    page.wait_for_timeout(300)
    assert asked and "80" in asked[0]
    assert Voucher.objects.filter(rider=rider).count() == 0 and balance(rider) == 200

    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    # Two taps in a row, faster than the page can leave: the second is dropped.
    page.evaluate("""() => {
        const form = document.querySelector("form.redeem-form");
        form.requestSubmit();
        setTimeout(() => form.requestSubmit(), 30);
    }""")
    # Up to 15 s: under two test processes the purchase and the voucher page took longer than 5 s once.
    expect(page).to_have_url(re.compile(r"/vouchers/[2-9A-Z]{12}/$"), timeout=15_000)
    assert len(posts) == 1  # the page sent it once (the server would also refuse a repeat)
    # Asked once: the second tap is dropped before the question (asked again while the page
    # loaded, the rider answered a question about nothing, and a dialog open as the page left
    # kept it from leaving).
    assert len(questions) == 1
    assert Voucher.objects.filter(rider=rider).count() == 1 and balance(rider) == 120


def test_a_claim_is_withdrawn_only_after_the_rider_says_yes(live_server, browser):
    rider = RiderFactory()
    claim = ClaimFactory(rider=rider)
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/points/claims/{claim.pk}/")

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(".withdraw-form button[type=submit]").click()
    page.wait_for_timeout(300)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".withdraw-form button[type=submit]").click()
    page.wait_for_load_state("load")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN


def test_a_sign_up_is_cancelled_only_after_the_rider_hears_the_place_goes_to_the_waitlist(live_server, browser):
    rider = RiderFactory()
    activity = ActivityFactory(capacity=1)
    signup = SignupFactory(activity=activity, rider=rider)
    SignupFactory(activity=activity, rider=RiderFactory(), status=Signup.Status.WAITLISTED)  # someone waits for the place
    page = browser.new_context(**PHONE, locale="zh-CN").new_page()
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/activities/{activity.pk}/")

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_test_id("cancel-signup").click()
    page.wait_for_timeout(300)
    signup.refresh_from_db()
    assert asked and "名额将让给候补的骑手" in asked[0]
    assert signup.status == Signup.Status.REGISTERED

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("cancel-signup").click()
    page.wait_for_load_state("load")
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CANCELLED


def test_with_nobody_waiting_cancelling_does_not_speak_of_a_waitlist(live_server, browser):
    rider = RiderFactory()
    activity = ActivityFactory(capacity=12)
    SignupFactory(activity=activity, rider=rider)
    page = browser.new_context(**PHONE, locale="zh-CN").new_page()
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/activities/{activity.pk}/")

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_test_id("cancel-signup").click()
    page.wait_for_timeout(300)
    assert asked == ["确定取消报名吗？"]
