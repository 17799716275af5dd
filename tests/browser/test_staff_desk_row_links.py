"""A street admin on a 360 px phone opens a reward or a venue from its list by tapping its name.
The name is the row's link: on the rewards list it stood 19 px tall beside 44 px 编辑 buttons,
and a venue's name 17 px (one line) or 42 px (two), easy to miss with a thumb. Now each name is
a 44 px target (site.css's a.tap, the one rule for a link that is a target), and a tap on it
opens the reward's or the venue's form. Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.browser.venue_pages import folder_for
from tests.factories import StreetAdminFactory
from tests.points.rewards.factories import RewardFactory
from tests.venues.factories import VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TARGET = 44 - 0.5  # as tests/browser/test_touch_targets.py measures


def heights(page: Page, selector: str) -> list[tuple[str, float, float]]:
    links = page.locator(selector)
    expect(links.first).to_be_visible()
    return [(link.inner_text(), link.bounding_box()["width"], link.bounding_box()["height"]) for link in links.all()]


@pytest.fixture
def admin_on_a_phone(live_server, page: Page):
    page.set_viewport_size({"width": 360, "height": 780})
    signed_in_by_cookie(page, live_server.url, StreetAdminFactory())
    return page


# A list, the row a tap must open (made before the page, with a longer one beside it), its links.
ROW_LISTS = [
    pytest.param(
        "/staff/rewards/",
        lambda: (RewardFactory(title="洗剪吹8折券"), RewardFactory(title="电动车维修技能课程（每月第一个周六下午）"))[0],
        "#staff-rewards td.reward-title > a",
        "洗剪吹8折券",
        "staff_rewards_titles_360.png",
        id="a reward's title",
    ),
    pytest.param(
        "/staff/venues/",
        lambda: (VenueFactory(name="R29街区广场暖新驿站"), VenueFactory(name="成龙大道地铁站24小时暖新驿站（东出口）"))[0],
        "tr[data-venue-id] td > a",
        "R29街区广场暖新驿站",
        "staff_venues_names_360.png",
        id="a venue's name",
    ),
]


@pytest.mark.parametrize(("path", "make_rows", "links", "tapped", "shot"), ROW_LISTS)
def test_a_rows_name_is_a_44px_target_that_opens_it(
    live_server, admin_on_a_phone, tmp_path, path, make_rows, links, tapped, shot
):
    page = admin_on_a_phone
    row = make_rows()

    page.goto(f"{live_server.url}{path}")
    page.screenshot(path=str(folder_for(tmp_path) / shot), full_page=True)

    names = heights(page, links)
    assert len(names) == 2
    assert all(width >= TARGET and height >= TARGET for _, width, height in names), names
    assert no_sideways_scroll(page)

    page.locator(links, has_text=tapped).click()
    expect(page).to_have_url(f"{live_server.url}{path}{row.pk}/")


WORDS_TOP = """el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects()[0].top; }"""


@pytest.mark.parametrize(
    ("path", "link", "beside"),
    [
        ("/staff/rewards/", "#staff-rewards td.reward-title > a", "#staff-rewards td.num"),
        ("/staff/venues/", "tr[data-venue-id] td > a", "tr[data-venue-id] td:nth-child(2)"),
    ],
)
def test_at_the_desk_the_name_stands_on_the_line_of_its_row(live_server, page: Page, path, link, beside):
    """The 44 px box reaches below the words, not above them: the name is not pushed below the
    row's other cells."""
    RewardFactory(title="洗剪吹8折券")
    VenueFactory(name="R29街区广场暖新驿站")
    page.set_viewport_size({"width": 1280, "height": 800})
    signed_in_by_cookie(page, live_server.url, StreetAdminFactory())

    page.goto(f"{live_server.url}{path}")

    name_top = page.locator(link).first.evaluate(WORDS_TOP)
    cell_top = page.locator(beside).first.evaluate(WORDS_TOP)
    assert abs(name_top - cell_top) < 2, (name_top, cell_top)
    assert page.locator(link).first.bounding_box()["height"] >= TARGET
