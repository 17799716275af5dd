"""Every photo picker looks the same and reads as a place to tap, on a 360 px phone: the claim
form's, the verification screenshot's and a report's are the framed drop target with the site's
secondary button, as the partner's proposal form had alone (the claim form's was the bare
browser button, the report's another style of its own)."""

from __future__ import annotations

import pytest

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory
from tests.points.factories import RuleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOOK = """(input) => {
  const field = getComputedStyle(input);
  const button = getComputedStyle(input, '::file-selector-button');
  return {
    frame: field.borderTopStyle,
    height: input.getBoundingClientRect().height >= 44,
    button: button.borderTopStyle + ' ' + button.borderTopColor + ' ' + button.backgroundColor,
  };
}"""


def test_the_claim_the_screenshot_and_the_report_pickers_look_alike(live_server, browser):
    RuleFactory(name="文明劝导", points=10, evidence="photo")
    verified, newcomer = RiderFactory(), RiderFactory(verification="unverified")
    looks = {}
    for rider, path in ((verified, "/points/claims/new/"), (verified, "/reports/new/"), (newcomer, "/profile/evidence/")):
        page = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN").new_page()
        sign_in(page, live_server.url, rider.phone[3:])
        page.goto(f"{live_server.url}{path}")
        looks[path] = page.locator("main input[type=file]").first.evaluate(LOOK)
        assert no_sideways_scroll(page), path
        page.context.close()

    first = looks["/points/claims/new/"]
    assert first["frame"] == "dashed" and first["height"], first
    assert first["button"].startswith("solid ") and "rgb(255, 255, 255)" in first["button"], first
    assert all(look == first for look in looks.values()), looks
