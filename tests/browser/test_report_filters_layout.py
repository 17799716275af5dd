"""Staff's report filters at a desk (1280 px): the two boxes (仅看超时, 微网格员上报的) stand side by
side with 筛选 beside them, not stacked next to the dropdowns with the button alone below; on a
phone they are still one under the other's line, nothing sideways."""

from __future__ import annotations

import pytest

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import ReviewerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


@pytest.mark.parametrize("language", ["zh-CN", "en-GB"])
def test_the_filter_boxes_and_the_button_share_a_line_at_a_desk(live_server, browser, language):
    reviewer = ReviewerFactory()
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale=language).new_page()
    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/staff/reports/")
    overdue, grid = top(page, "label:has(#f-overdue)"), top(page, "label:has(#f-grid)")
    button = page.locator("form.filters button[type=submit]").first.bounding_box()
    assert abs(overdue - grid) < 2
    assert button["y"] <= grid + 10 <= button["y"] + button["height"]

    page.set_viewport_size({"width": 360, "height": 740})
    assert no_sideways_scroll(page)
    page.context.close()
