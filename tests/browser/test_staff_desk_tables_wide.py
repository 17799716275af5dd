"""A street admin at the desk (1280 px) reads the rewards and the earning rules as tables: each
column's name above its cells, every column within the page. Since table.cards (the phone's
cards, 03d8654) the tables also wore the landing page's .cards grid from 640 px up: the header
stood alone in a first column, the rows in a second, squeezed to a character a line (志/愿/服/务),
and the status column with 编辑 and 下架 was cut off. Below 640 px they stay cards.
Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.browser.venue_pages import folder_for
from tests.factories import StreetAdminFactory
from tests.points.factories import RuleFactory
from tests.points.rewards.factories import RewardFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLUMNS = """table => {
  const heads = [...table.querySelectorAll('thead th')].map(th => th.getBoundingClientRect());
  const cells = [...table.querySelector('tbody tr').children].map(td => td.getBoundingClientRect());
  const wrap = table.parentElement.getBoundingClientRect();
  return {
    heads: heads.length,
    // each column's name stands above its first cell, as wide as it
    aligned: heads.every((h, i) => cells[i] && Math.abs(h.left - cells[i].left) < 1 && Math.abs(h.width - cells[i].width) < 1
                                   && h.bottom <= cells[i].top + 1),
    within: cells.every(c => c.right <= wrap.right + 1),
    display: getComputedStyle(table).display,
  };
}"""


@pytest.fixture
def admin_at_the_desk(live_server, page: Page):
    RewardFactory(title="洗剪吹8折券", cost=30)
    RuleFactory(name="志愿服务时长", points=10, unit="hour", max_per_day=40)
    page.set_viewport_size({"width": 1280, "height": 800})
    signed_in_by_cookie(page, live_server.url, StreetAdminFactory())
    return page


@pytest.mark.parametrize(("path", "table"), [("/staff/rewards/", "#staff-rewards"), ("/staff/rules/", "#staff-rules")])
def test_at_the_desk_the_list_is_a_table_with_its_column_names_above(live_server, admin_at_the_desk, path, table, tmp_path):
    page = admin_at_the_desk

    page.goto(f"{live_server.url}{path}")
    page.screenshot(path=str(folder_for(tmp_path) / f"{table[1:]}_1280.png"), full_page=True)

    columns = page.locator(table).evaluate(COLUMNS)
    assert columns == {"heads": columns["heads"], "aligned": True, "within": True, "display": "table"}
    assert columns["heads"] >= 5
    assert no_sideways_scroll(page, 1280)


def test_on_a_phone_the_rewards_stay_cards(live_server, admin_at_the_desk):
    page = admin_at_the_desk
    page.set_viewport_size({"width": 360, "height": 780})

    page.goto(f"{live_server.url}/staff/rewards/")

    expect(page.locator("#staff-rewards thead")).to_have_css("position", "absolute")
    expect(page.locator("#staff-rewards tbody tr").first).to_have_css("display", "block")
    assert no_sideways_scroll(page)
