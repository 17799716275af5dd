"""In Chromium: a reviewer types why claims should be rejected and, before sending it, moves on
out of habit: n, a click on "Next pending claim", or Enter in the queue's reason box. Before,
n and the link left the page and the reason (and on the queue the ticks) went with it, and Enter
in the queue's box sent the form by its first button, "Approve selected": the claims the reason
was typed to reject were approved. Now leaving asks first, as the language switch does
(site.js); Cancel keeps the page, the reason and the ticks, and puts the reviewer back in the
box. Enter in the box sends nothing. Letters typed in a box stay text."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from points.models import Claim
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"viewport": {"width": 1280, "height": 800}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
LEAVE_FOR_THE_NEXT = "您填写的驳回原因还没有提交，打开下一条申请后会丢失。仍要打开吗？"
LEAVE_FOR_THE_FIRST = "您填写的驳回原因还没有提交，打开第一条申请后会丢失。仍要打开吗？"


def submitted(minutes_ago: int, **kwargs) -> Claim:
    claim = ClaimFactory(**kwargs)
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return claim


def two_claims() -> tuple[Claim, Claim]:
    rule = RuleFactory(name="文明劝导", points=10)
    return submitted(30, rider=RiderFactory(), rule=rule), submitted(20, rider=RiderFactory(), rule=rule)


def answering(page, *answers: bool) -> list[str]:
    """Records each question the page asks, answering OK or Cancel in turn."""
    asked: list[str] = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept() if answers[len(asked) - 1] else dialog.dismiss()

    page.on("dialog", answer)
    return asked


def statuses(*claims: Claim) -> list[str]:
    return [Claim.objects.get(pk=claim.pk).status for claim in claims]


def test_n_on_the_queue_asks_before_it_drops_the_reason_for_the_ticked_claims(live_server, browser):
    first, second = two_claims()
    page = browser.new_context(**DESK).new_page()
    sign_in(page, live_server.url, ReviewerFactory().username)
    queue = f"{live_server.url}/staff/claims/"
    page.goto(queue)
    expect(page.locator(".shortcuts")).to_be_visible()  # review.js runs: the keys work
    asked = answering(page, False, True)

    reason = page.locator("#bulk-reason")
    reason.fill("同一次劝导重复申请")
    page.get_by_label(f"选择申请 #{first.pk}").check()
    page.get_by_label(f"选择申请 #{second.pk}").check()  # the focus stays on the box: n is a key
    page.keyboard.press("n")

    assert asked == [LEAVE_FOR_THE_FIRST]
    expect(page).to_have_url(queue)
    expect(reason).to_be_focused()
    expect(reason).to_have_value("同一次劝导重复申请")
    expect(page.locator(".select-claim:checked")).to_have_count(2)

    page.locator("h1").click()
    page.keyboard.press("n")  # OK this time: the first claim opens
    expect(page).to_have_url(re.compile(rf"/staff/claims/{first.pk}/$"))
    assert asked == [LEAVE_FOR_THE_FIRST, LEAVE_FOR_THE_FIRST]
    assert statuses(first, second) == ["pending", "pending"]


def test_enter_in_the_queues_reason_box_does_not_approve_the_ticked_claims(live_server, browser):
    first, second = two_claims()
    page = browser.new_context(**DESK).new_page()
    sign_in(page, live_server.url, ReviewerFactory().username)
    queue = f"{live_server.url}/staff/claims/"
    page.goto(queue)
    expect(page.locator(".shortcuts")).to_be_visible()

    page.get_by_label(f"选择申请 #{first.pk}").check()
    page.get_by_label(f"选择申请 #{second.pk}").check()
    reason = page.locator("#bulk-reason")
    reason.press_sequentially("no plate, photo blurred")  # n, a and r typed into the box stay text
    reason.press("Enter")
    page.wait_for_timeout(300)  # what a sent form would take to leave

    expect(page).to_have_url(queue)
    expect(reason).to_have_value("no plate, photo blurred")
    assert statuses(first, second) == ["pending", "pending"]

    page.locator("#bulk-reject").click()  # the decision the reason was typed for
    expect(page.locator(".messages")).to_contain_text("已驳回 2 条申请。")
    assert statuses(first, second) == ["rejected", "rejected"]
    assert Claim.objects.get(pk=first.pk).reason == "no plate, photo blurred"


def test_leaving_a_claim_with_a_reason_typed_asks_first_and_cancel_keeps_it(live_server, browser):
    claim, following = two_claims()
    page = browser.new_context(**DESK).new_page()
    sign_in(page, live_server.url, ReviewerFactory().username)
    desk = f"{live_server.url}/staff/claims/{claim.pk}/"
    page.goto(desk)
    expect(page.locator(".shortcuts")).to_be_visible()
    asked = answering(page, False, False, True)

    reason = page.locator("#id_reason")
    reason.press_sequentially("no plate, photo blurred")  # n, a and r typed into the box stay text
    expect(reason).to_have_value("no plate, photo blurred")
    assert asked == []

    page.locator("h1").click()  # to look at the facts again
    page.keyboard.press("n")
    assert asked == [LEAVE_FOR_THE_NEXT]
    expect(page).to_have_url(desk)
    expect(reason).to_be_focused()
    expect(reason).to_have_value("no plate, photo blurred")

    page.locator("#next-claim").click()  # the mouse's way: the same question
    assert asked == [LEAVE_FOR_THE_NEXT, LEAVE_FOR_THE_NEXT]
    expect(page).to_have_url(desk)
    expect(reason).to_have_value("no plate, photo blurred")

    page.locator("#next-claim").click()  # OK this time
    expect(page).to_have_url(re.compile(rf"/staff/claims/{following.pk}/$"))
    assert asked == [LEAVE_FOR_THE_NEXT] * 3
    assert statuses(claim, following) == ["pending", "pending"]


def test_on_a_phone_tapping_next_claim_with_a_reason_typed_asks_too(live_server, browser):
    claim, following = two_claims()
    page = browser.new_context(**PHONE, has_touch=True, is_mobile=True).new_page()
    sign_in(page, live_server.url, ReviewerFactory().username)
    desk = f"{live_server.url}/staff/claims/{claim.pk}/"
    page.goto(desk)
    expect(page.locator(".shortcuts")).to_be_hidden()  # no keys on a phone
    assert no_sideways_scroll(page)
    asked = answering(page, False, True)

    page.locator("#id_reason").fill("照片看不清")
    page.locator("#next-claim").tap()
    assert asked == [LEAVE_FOR_THE_NEXT]
    expect(page).to_have_url(desk)
    expect(page.locator("#id_reason")).to_have_value("照片看不清")

    page.locator("#next-claim").tap()
    expect(page).to_have_url(re.compile(rf"/staff/claims/{following.pk}/$"))
    page.locator("#reject-next").scroll_into_view_if_needed()
    expect(page.locator("#reject-next")).to_be_visible()
    assert no_sideways_scroll(page)
