"""A primary and a secondary button side by side are one size, their words on one line: the
passbook's 申请积分 and 我的申请, at a desk and on a phone. The primary had no border and the
secondary 2 px, so the primary stood 4 px shorter and its words 2 px higher."""

from __future__ import annotations

import pytest

from tests.browser.steps import sign_in
from tests.factories import RiderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOX = """(b) => {
  const r = b.getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(b);
  return {top: r.top, height: r.height, words: range.getBoundingClientRect().top};
}"""


@pytest.mark.parametrize("width", [1280, 360])
def test_claim_points_and_my_claims_are_one_size(live_server, browser, width):
    rider = RiderFactory()
    page = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN").new_page()
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/points/")
    primary = page.locator("main .actions a.button:not(.secondary)").first.evaluate(BOX)
    secondary = page.locator("main .actions a.button.secondary").first.evaluate(BOX)
    assert abs(primary["top"] - secondary["top"]) < 1  # side by side
    assert abs(primary["height"] - secondary["height"]) < 1, (primary, secondary)
    assert abs(primary["words"] - secondary["words"]) < 1, (primary, secondary)
    page.context.close()
