"""The staff menu on a phone: a street admin sees every menu link (17 of them), which at 360 px
filled about 410 px at the top of every staff page and pushed the work below the fold. Folded
into one line that names the current section and keeps the queues' counts, the page's heading
and the check-in button are on the first screen; the links are one tap away. At 1280 px the
menu is the open row of links it was."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory, StreetAdminFactory
from tests.venues.factories import TipFactory
from tests.volunteers.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def admin_page(browser, live_server, width: int, height: int, locale: str = "zh-CN") -> Page:
    admin = StreetAdminFactory()
    admin.is_superuser = True  # every section of the menu, as the demo's admin
    admin.save()
    page = browser.new_context(viewport={"width": width, "height": height}, locale=locale).new_page()
    sign_in(page, live_server.url, admin.username)
    return page


def on_first_screen(page: Page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] + box["height"] <= page.viewport_size["height"]


def test_on_a_phone_the_menu_is_one_line_and_the_work_comes_first(live_server, browser):
    TipFactory(author=RiderFactory())
    page = admin_page(browser, live_server, 360, 640)

    page.goto(f"{live_server.url}/staff/venues/")
    assert on_first_screen(page, page.locator("h1").first)
    summary = page.get_by_test_id("staff-menu-summary")
    expect(summary).to_be_visible()
    expect(page.get_by_test_id("staff-menu-where")).to_have_text("阵地")
    expect(page.locator('.staff-menu-links a[href="/staff/claims/"]')).to_be_hidden()
    assert no_sideways_scroll(page)

    # The tips queue counts its pending tip on its own page: the count shows on the closed menu.
    page.goto(f"{live_server.url}/staff/venues/tips/")
    expect(page.get_by_test_id("staff-menu-where")).to_have_text("小区贴士")
    expect(page.get_by_test_id("menu-badge")).to_have_text(re.compile(r"1$"))
    assert on_first_screen(page, page.locator("h1").first)

    # One tap opens the menu; its links lead where they say.
    summary.click()
    link = page.locator('.staff-menu-links a[href="/staff/venues/compounds/"]')
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(f"{live_server.url}/staff/venues/compounds/")
    expect(page.get_by_test_id("staff-menu-where")).to_have_text("小区")


def test_on_a_phone_the_check_in_button_is_on_the_first_screen(live_server, browser):
    activity = ActivityFactory()
    page = admin_page(browser, live_server, 360, 640)
    page.goto(f"{live_server.url}/staff/activities/{activity.pk}/checkin/")
    assert on_first_screen(page, page.locator("#lookup")), page.locator("#lookup").bounding_box()


def test_at_1280_the_menu_is_the_open_row_of_links(live_server, browser):
    TipFactory(author=RiderFactory())
    page = admin_page(browser, live_server, 1280, 800)
    page.goto(f"{live_server.url}/staff/venues/tips/")
    expect(page.get_by_test_id("staff-menu-summary")).to_be_hidden()
    links = page.locator(".staff-menu-links a")
    assert links.count() >= 15
    for i in range(links.count()):
        expect(links.nth(i)).to_be_visible()
    expect(page.locator('.staff-menu-links a[href="/staff/venues/tips/"] [data-testid="nav-badge"]')).to_have_text("1")
    expect(page.locator('.staff-menu-links a[href="/staff/venues/tips/"]')).to_have_attribute("aria-current", "page")
    page.locator('.staff-menu-links a[href="/staff/venues/"]').click()
    expect(page).to_have_url(f"{live_server.url}/staff/venues/")
    assert on_first_screen(page, page.locator("h1").first)


def test_at_1280_the_rows_of_links_sit_close_together(live_server, browser):
    """Staff review: at 1280 px a street admin's 18 links ran to 2 rows (3 in English) with a
    12 px gap between rows of links already 44 px tall; the menu took 125 px above the page.
    The rows now touch (each link keeps its 44 px)."""
    page = admin_page(browser, live_server, 1280, 800)
    page.goto(f"{live_server.url}/staff/")
    tops = sorted({round(box["y"]) for box in (a.bounding_box() for a in page.locator(".staff-menu-links a").all())})
    assert len(tops) >= 2  # it does wrap
    height = page.locator(".staff-menu-links a").first.bounding_box()["height"]
    assert height >= 44
    assert tops[1] - tops[0] <= height + 1


def test_on_a_phone_the_closed_menu_says_what_its_count_is(live_server, browser):
    """No hover on a phone: six bare counts (33 4 10 1 3 1) said nothing. The closed menu shows
    one count with a word (待办 2); the open menu shows each queue's by its link."""
    from tests.points.factories import ClaimFactory

    TipFactory(author=RiderFactory())
    ClaimFactory(rider=RiderFactory())
    page = admin_page(browser, live_server, 360, 640)
    page.goto(f"{live_server.url}/staff/")
    badges = page.get_by_test_id("menu-badge")
    expect(badges).to_have_count(1)
    expect(badges).to_have_text("待办 2")
    summary = page.get_by_test_id("staff-menu-summary")
    assert summary.bounding_box()["height"] <= 48  # still one line
    assert no_sideways_scroll(page)

    summary.click()
    expect(page.locator('.staff-menu-links a[href="/staff/claims/"] [data-testid="nav-badge"]')).to_have_text("1")
    expect(page.locator('.staff-menu-links a[href="/staff/venues/tips/"] [data-testid="nav-badge"]')).to_have_text("1")


def test_at_1280_a_sub_page_marks_its_section(live_server, browser):
    page = admin_page(browser, live_server, 1280, 800)
    page.goto(f"{live_server.url}/staff/venues/import/")
    venues = page.locator('.staff-menu-links a[href="/staff/venues/"]')
    expect(venues).to_have_attribute("aria-current", "true")
    weight = venues.evaluate("a => getComputedStyle(a.querySelector('b') || a).fontWeight")
    assert int(weight) >= 700, weight
    expect(page.locator(".staff-menu-links a[aria-current]")).to_have_count(1)
    # The exports link and the exports page say the same words.
    expect(page.locator('.staff-menu-links a[href="/staff/exports/"]')).to_have_text("导出台账")


# The day's work, in the menu's order: the dashboard, then the queues.
WORK = [
    "/staff/",
    "/staff/claims/",
    "/staff/riders/",
    "/staff/reports/",
    "/staff/venues/tips/",
    "/staff/rewards/",
    "/staff/notifications/deliveries/",
]


def rows_of(page: Page, locator) -> int:
    return len({round(box["y"]) for box in (a.bounding_box() for a in locator.all()) if box})


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_at_1280_the_days_work_comes_first_and_the_menu_takes_two_rows(live_server, browser, locale):
    """Staff review: the street admin's 18 links ran to 2 rows in Chinese and 3 in English, the
    queues mixed in with the settings in the order the apps registered them. Now the day's work
    (the dashboard and the queues, with their counts) is the first row, the rest a second row
    under 管理 / Manage: the groups' names stand in the margin beside the page."""
    TipFactory(author=RiderFactory())
    page = admin_page(browser, live_server, 1280, 800, locale)
    page.goto(f"{live_server.url}/staff/venues/tips/")
    links = page.locator(".staff-menu-links a")
    hrefs = [a.get_attribute("href") for a in links.all()]
    assert hrefs[: len(WORK)] == WORK
    assert rows_of(page, links) <= 2
    work, manage = page.get_by_test_id("staff-menu-group").all()
    assert rows_of(page, work.locator("a")) == 1 and rows_of(page, manage.locator("a")) == 1
    # The groups are told apart: each names itself, on its own row.
    expect(work.locator(".staff-menu-group-name")).to_have_text("待办" if locale == "zh-CN" else "To do")
    expect(manage.locator(".staff-menu-group-name")).to_have_text("管理" if locale == "zh-CN" else "Manage")
    assert manage.bounding_box()["y"] >= work.bounding_box()["y"] + work.bounding_box()["height"] - 1
    # The links start where the page does; the names sit in the margin, on screen.
    first = links.first.bounding_box()
    assert abs(first["x"] - page.locator("h1").first.bounding_box()["x"]) <= 1
    assert work.locator(".staff-menu-group-name").bounding_box()["x"] >= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    expect(page.locator('.staff-menu-links a[href="/staff/venues/tips/"] [data-testid="nav-badge"]')).to_have_text("1")


def test_on_a_phone_the_open_menu_lists_the_days_work_first(live_server, browser):
    TipFactory(author=RiderFactory())
    page = admin_page(browser, live_server, 360, 640, "en")
    page.goto(f"{live_server.url}/staff/")
    expect(page.get_by_test_id("menu-badge")).to_have_text("To do 1")
    expect(page.locator(".staff-menu-links")).to_be_hidden()
    page.get_by_test_id("staff-menu-summary").click()
    links = page.locator(".staff-menu-links a")
    expect(links.first).to_be_visible()
    assert [a.get_attribute("href") for a in links.all()][: len(WORK)] == WORK
    expect(page.locator(".staff-menu-group-name")).to_have_text(["To do", "Manage"])
    assert no_sideways_scroll(page)
    page.locator('.staff-menu-links a[href="/staff/texts/"]').click()
    expect(page).to_have_url(f"{live_server.url}/staff/texts/")
    expect(page.get_by_test_id("staff-menu-where")).to_have_text("Initiatives")
