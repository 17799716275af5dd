"""In a real browser at 360 px: a rider cancels a voucher from a second tab (or taps 取消 again
on a page left open) after it was cancelled already, or after the counter used it. They are
told what happened to that voucher (cancelled, its points back; used, so it stays), not the
blank rule 只有未使用的兑换券可以取消。 as an error; the balance is refunded once."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from points.rewards import services
from tests.browser.venue_pages import signed_in_phone
from tests.points.rewards.factories import RewardFactory, assert_ledger_adds_up, balance, barbers_counter, issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cancelling_again_says_what_became_of_the_voucher(live_server, browser):
    shop, barber, rider = barbers_counter(points=100)
    twice = issue(rider, RewardFactory(venue=shop, title="免费快剪一次", cost=30))
    used = issue(rider, RewardFactory(venue=shop, title="洗发一次", cost=20))

    first = signed_in_phone(browser, live_server, rider, f"/vouchers/{twice.code}/")
    second = first.context.new_page()  # a second tab, signed in as well
    second.goto(f"{live_server.url}/vouchers/{twice.code}/")
    for page in (first, second):
        page.on("dialog", lambda dialog: dialog.accept())
    first.get_by_test_id("cancel-voucher").click()
    expect(first.locator(".messages")).to_contain_text("兑换券已取消，30 积分已退回您的账户。")

    second.get_by_test_id("cancel-voucher").click()
    message = second.locator(".messages li")
    expect(message).to_have_text("这张兑换券已经取消，30 积分已退回您的账户。")
    assert "error" not in (message.get_attribute("class") or "")

    second.goto(f"{live_server.url}/vouchers/{used.code}/")
    services.voucher_confirm(operator=barber, code=used.code)  # at the counter meanwhile
    second.get_by_test_id("cancel-voucher").click()
    expect(second.locator(".messages li")).to_have_text("这张兑换券已经使用，不能再取消。")

    assert balance(rider) == 80  # 100 − 30 − 20 + 30, refunded once
    assert_ledger_adds_up()
