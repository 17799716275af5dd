"""From the partner operator's review, on a phone: 我的提议 lists each proposal as a row of its
own. They ran together: one proposal's 已上架 touched the next one's title, and the barber read
the badge as the next proposal's."""

from __future__ import annotations

import pytest

from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.points.rewards.factories import RewardFactory, barbers_counter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_my_proposals_are_rows_apart_on_a_phone(live_server, browser):
    shop, barber, _rider = barbers_counter()
    RewardFactory(venue=shop, title="免费修眉", cost=40, proposed_by=barber)  # published
    RewardFactory(venue=shop, title="洗剪吹8折券", cost=30, proposed_by=barber, active=False, published_at=None)

    page = signed_in_phone(browser, live_server, barber, "/redeem/propose/")
    page.wait_for_load_state("load")  # measured with the style sheets applied

    first, second = (page.get_by_test_id("proposal").nth(i) for i in range(2))
    first_badge = first.locator(".status").bounding_box()
    second_title_top = second.bounding_box()["y"]
    # 8 px at least between the first row's badge and the second row, with a line between them.
    assert second_title_top - (first_badge["y"] + first_badge["height"]) >= 8
    assert first.evaluate("li => getComputedStyle(li).borderBottomStyle") == "solid"
    assert no_sideways_scroll(page)
