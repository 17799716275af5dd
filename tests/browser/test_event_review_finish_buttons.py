"""In a real browser at 360 px: staff at the end of the activity open 结束活动？ on their phone.
不，返回 and 结束活动 are one height, each on one line, in Chinese and in English (the link
stood 5 px taller than the button, and in English "No, go back" broke over two lines)."""

from __future__ import annotations

import pytest

from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.factories import ReviewerFactory
from tests.volunteers.factories import ActivityFactory, started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOX = """(b) => {
  const words = document.createRange();
  words.selectNodeContents(b);
  return {height: b.getBoundingClientRect().height, lines: words.getClientRects().length};
}"""


@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_go_back_and_finish_are_one_height_on_one_line(live_server, browser, locale):
    activity = started(ActivityFactory(title="成龙路街道清洁"))
    staff = ReviewerFactory()

    page = signed_in_phone(browser, live_server, staff, f"/staff/activities/{activity.pk}/finish/", locale=locale)

    back = page.get_by_test_id("confirm-back").evaluate(BOX)
    finish = page.get_by_test_id("confirm").evaluate(BOX)
    assert abs(back["height"] - finish["height"]) < 1, (back, finish)
    assert back["lines"] == finish["lines"] == 1, (back, finish)
    assert no_sideways_scroll(page)
    page.context.close()
