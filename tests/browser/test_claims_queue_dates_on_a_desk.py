"""The claims queue on a 1280 px screen: when a claim was sent (申请, 12-07 13:07) and when it
happened (时间, 2026-12-06 10:00) stood as a date over a time, the browser breaking them at the
space. Each is read as one and stands on one line; on a phone the cards still fit the screen."""

from __future__ import annotations

import pytest

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import CategoryFactory, ClaimFactory, RuleFactory
from tests.points.test_review_queue_in_browser import a_rider_with_every_badge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ONE_LINE = (
    "el => { const r = document.createRange(); r.selectNodeContents(el);"
    " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size === 1; }"
)


def a_street_queue():
    # As on the street's queue: riders with their badges, what they did in full, this month's figures.
    rule = RuleFactory(name="帮扶困难群众", points=10, category=CategoryFactory(name="好人好事"))
    ClaimFactory(rider=a_rider_with_every_badge(), rule=rule)
    for name in ("王大骑", "李骑手"):
        ClaimFactory(rider=RiderFactory(display_name=name), rule=rule)


def open_queue(live_server, browser, width: int):
    page = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    signed_in_by_cookie(page, live_server.url, ReviewerFactory())
    page.goto(f"{live_server.url}/staff/claims/")
    return page


def test_a_claims_dates_stand_on_one_line_at_1280_px(live_server, browser):
    a_street_queue()
    page = open_queue(live_server, browser, 1280)

    rows = page.get_by_test_id("queue-row")
    assert rows.count() == 3
    for row in rows.all():
        sent = row.locator(".claimed-at")
        happened = row.locator("td.when")
        assert " " in sent.inner_text() and " " in happened.inner_text()  # a date and a time
        assert sent.evaluate(ONE_LINE), f"申请 wraps: {sent.inner_text()}"
        assert happened.evaluate(ONE_LINE), f"时间 wraps: {happened.inner_text()}"


def test_the_queue_cards_still_fit_a_phone(live_server, browser):
    a_street_queue()
    page = open_queue(live_server, browser, 360)

    first = page.get_by_test_id("queue-row").first
    assert first.locator(".claimed-at").is_visible()
    assert first.locator("td.when").is_visible()
    assert no_sideways_scroll(page)
