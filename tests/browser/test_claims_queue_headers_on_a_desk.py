"""The claims queue on a 1280 px screen: the column 照片 was given the width of one character
(its cells hold a digit or —) and its name stood on two lines, 照 over 片. Every column name
of the queue stands on one line."""

from __future__ import annotations

import pytest

from tests.browser.steps import sign_in
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import CategoryFactory, ClaimFactory, RuleFactory
from tests.points.test_review_queue_in_browser import a_rider_with_every_badge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1280, "height": 900}


def test_the_claims_queues_column_names_stand_on_one_line_at_1280_px(live_server, browser):
    # As on the street's queue: riders with their badges (党员, 微网格员, the team), what they did
    # in full, and this month's figures beside it.
    rule = RuleFactory(name="帮扶困难群众", points=10, category=CategoryFactory(name="好人好事"))
    ClaimFactory(rider=a_rider_with_every_badge(), rule=rule)
    for name in ("王大骑", "李骑手"):
        ClaimFactory(rider=RiderFactory(display_name=name), rule=rule)
    page = browser.new_context(viewport=DESK, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    sign_in(page, live_server.url, ReviewerFactory().username)

    page.goto(f"{live_server.url}/staff/claims/")

    headers = page.locator("table.queue thead th:not(:has(.visually-hidden))")  # not the ticks' column
    names = [name.strip() for name in headers.all_inner_texts() if name.strip()]
    assert "照片" in names
    for name in names:
        header = headers.filter(has_text=name).first
        # One line: no taller than its line height allows (照/片 on two lines doubles it).
        assert header.evaluate(
            "el => { const r = document.createRange(); r.selectNodeContents(el);"
            " return r.getClientRects().length === 1 || new Set([...r.getClientRects()].map(x => x.top)).size === 1; }"
        ), f"{name} wraps"
