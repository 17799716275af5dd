"""In Chromium: a reviewer filters the queue to one rider, presses n, approves with "approve and
next" and with the a key, and never leaves that rider's claims; the key hints show at a desk
and not on a phone; verifying a rider without a screenshot asks first, and "cancel" verifies
nobody."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from friendlystreet.accounts.models import Verification
from points.models import Claim
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def submitted(minutes_ago: int, **kwargs) -> Claim:
    claim = ClaimFactory(**kwargs)
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return claim


def test_approve_and_next_stays_within_the_riders_claims(live_server, browser):
    gao = RiderFactory(display_name="高峰", phone="+8613800000015")
    zhou = RiderFactory(display_name="周远", phone="+8613800000016")
    rule = RuleFactory(name="文明劝导", points=10)
    g1 = submitted(40, rider=gao, rule=rule)
    z1 = submitted(30, rider=zhou, rule=rule)
    g2 = submitted(20, rider=gao, rule=rule)
    g3 = submitted(10, rider=gao, rule=rule)
    page = browser.new_context(viewport=DESK, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    sign_in(page, live_server.url, ReviewerFactory().username)

    page.goto(f"{live_server.url}/staff/claims/")
    page.get_by_label("骑手（手机号或姓名）").fill("13800000015")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("[data-testid=queue-row]")).to_have_count(3)
    expect(page.get_by_text("按 n 键打开第一条申请。")).to_be_visible()

    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(rf"/staff/claims/{g1.pk}/\?.*rider=13800000015"))
    expect(page.locator("#next-claim")).to_have_attribute("href", re.compile(rf"^/staff/claims/{g2.pk}/\?"))
    expect(page.locator("#shortcuts")).to_be_visible()

    page.get_by_role("button", name="通过并审下一条").click()
    expect(page).to_have_url(re.compile(rf"/staff/claims/{g2.pk}/\?.*rider=13800000015"))  # not Zhou's, older

    # The keys work once review.js runs, which shows their hint: a key pressed before is lost.
    expect(page.locator("#shortcuts")).to_be_visible()
    page.keyboard.press("a")
    expect(page).to_have_url(re.compile(rf"/staff/claims/{g3.pk}/\?.*rider=13800000015"))

    page.get_by_role("link", name=re.compile("返回审核列表")).click()
    expect(page.locator("#f-rider")).to_have_value("13800000015")
    expect(page.locator("[data-testid=queue-row]")).to_have_count(1)
    assert {c.pk: c.status for c in Claim.objects.all()} == {
        g1.pk: "approved",
        z1.pk: "pending",
        g2.pk: "approved",
        g3.pk: "pending",
    }


def test_the_key_hints_are_not_shown_on_a_phone(live_server, browser):
    claim = ClaimFactory(rider=RiderFactory())
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server.url, ReviewerFactory().username)
    page.goto(f"{live_server.url}/staff/claims/")
    expect(page.locator(".shortcuts")).to_be_hidden()
    page.goto(f"{live_server.url}/staff/claims/{claim.pk}/")
    expect(page.locator("#approve-next")).to_be_visible()
    expect(page.locator("#shortcuts")).to_be_hidden()


def test_verifying_a_rider_without_a_screenshot_asks_first(live_server, browser):
    applicant = RiderFactory(verification=Verification.UNVERIFIED)
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    sign_in(page, live_server.url, ReviewerFactory().username)
    page.goto(f"{live_server.url}/staff/riders/{applicant.pk}/decide/")
    expect(page.locator("#no-evidence")).to_be_visible()

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="认证通过", exact=True).click()
    expect(page.locator("#no-evidence")).to_be_visible()
    assert asked == ["该骑手尚未上传平台个人资料截图。仍要认证通过吗？"]
    applicant.refresh_from_db()
    assert applicant.verification == Verification.UNVERIFIED

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="认证通过", exact=True).click()
    expect(page).to_have_url(re.compile(r"/staff/riders/$"))
    applicant.refresh_from_db()
    assert applicant.verification == Verification.VERIFIED
    assert no_sideways_scroll(page)
