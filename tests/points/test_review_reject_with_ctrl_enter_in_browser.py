"""A reviewer going through the queue by keyboard presses r, types why the claim is rejected
and then... nothing sent it: Enter is a new line in the box and Ctrl+Enter did nothing, so they
had to Tab to 驳回并审下一条 or take the mouse; and the hint read "r 驳回（先填写驳回原因）", as if r
rejected. Now Ctrl+Enter (⌘+Enter on a Mac) in the box sends "Reject and next", which the
page's key hint says; with the box empty nothing is sent."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from points.models import Claim
from tests.browser.steps import sign_in
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1280, "height": 900}


@pytest.mark.parametrize("keys", ["Control+Enter", "Meta+Enter"])
def test_ctrl_enter_in_the_reason_box_rejects_and_opens_the_next_claim(live_server, browser, keys):
    rule = RuleFactory(name="文明劝导", points=10)
    claim = ClaimFactory(rider=RiderFactory(), rule=rule)
    following = ClaimFactory(rider=RiderFactory(), rule=rule)
    context = browser.new_context(viewport=DESK, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        sign_in(page, live_server.url, ReviewerFactory().username)
        page.goto(f"{live_server.url}/staff/claims/{claim.pk}/")
        hint = page.locator("#shortcuts")
        expect(hint).to_be_visible()
        expect(hint).to_contain_text("r 转到驳回原因，填好后按 Ctrl+Enter（Mac 上按 ⌘+Enter）驳回并打开下一条")

        page.keyboard.press("r")
        reason = page.locator("#id_reason")
        expect(reason).to_be_focused()

        # Nothing typed yet: nothing is sent, the browser asks for the reason.
        page.keyboard.press(keys)
        page.wait_for_timeout(300)
        expect(page).to_have_url(f"{live_server.url}/staff/claims/{claim.pk}/")
        claim.refresh_from_db()
        assert claim.status == Claim.Status.PENDING

        page.keyboard.type("照片与申请内容不符")
        page.keyboard.press(keys)
        expect(page).to_have_url(f"{live_server.url}/staff/claims/{following.pk}/")
        expect(page.locator("ul.messages")).to_contain_text(f"申请 #{claim.pk} 已驳回")
        claim.refresh_from_db()
        assert (claim.status, claim.reason) == (Claim.Status.REJECTED, "照片与申请内容不符")
        following.refresh_from_db()
        assert following.status == Claim.Status.PENDING
    finally:
        context.close()


def test_the_key_hint_in_english_names_ctrl_enter(client_for, reviewer):
    claim = ClaimFactory(rider=RiderFactory(), rule=RuleFactory())
    client = client_for(reviewer)
    client.cookies.load({"django_language": "en"})
    page = client.get(f"/staff/claims/{claim.pk}/").content.decode()
    assert (
        "<kbd>r</kbd> go to the reason for rejection, then <kbd>Ctrl</kbd>+<kbd>Enter</kbd> "
        "(<kbd>⌘</kbd>+<kbd>Enter</kbd> on a Mac) to reject and open the next claim"
    ) in page
