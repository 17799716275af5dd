"""The barber signs in on a phone and lands on the counter (their home page). Under it, the
links to their other pages: the redemption history, their rewards, their venue, their
profile (not the counter they are on), once joined by "·": in English the row wrapped after a
"·", which dangled at the end of the first line, and the next line began with a link that
seemed to belong to nothing. Now they stand apart as whole links, each a finger's size,
wrapping as wholes."""

from __future__ import annotations

import pytest

from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.points.rewards.factories import barbers_counter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each dot's line: the tops of the dot's own text and of the link after it (None when none follows).
DOTS_AND_NEXT = """nav => {
  const walker = document.createTreeWalker(nav, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf("·");
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    const next = node.nextElementSibling || node.nextSibling?.nextElementSibling;
    out.push([range.getBoundingClientRect().top, next ? next.getBoundingClientRect().top : null]);
  }
  return out;
}"""


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("zh-CN", ["核销记录", "本店的奖品", "我的场所", "我的资料"]),
        ("en-GB", ["Redemption history", "Our rewards", "My venue", "My profile"]),
    ],
)
def test_the_barbers_home_links_wrap_as_whole_links_on_a_phone(live_server, browser, locale, expected):
    _shop, barber, _rider = barbers_counter()

    page = signed_in_phone(browser, live_server, barber, "/home/", locale=locale)
    page.wait_for_load_state("load")

    links = page.locator("#home-links a")
    assert [t.strip() for t in links.all_inner_texts()] == expected
    # A separator, if any, is never left at the end of a line: the link it introduces is beside it.
    for dot_top, next_top in page.locator("#home-links").evaluate(DOTS_AND_NEXT):
        assert next_top is not None and abs(dot_top - next_top) < 20, "a “·” left alone at a line's end"
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert no_sideways_scroll(page)
