"""On a 360 px phone in a real browser (public review #3, #13): the keyboard's first stop is
跳到正文, visible over the top bar, which takes focus past the menu into the page; focus
shows as a clear ring, white on the orange bar; and a visitor on the start page taps one
button to get the nearest open rest stations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll
from tests.venues.factories import HERE, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser, **options):
    return browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", **options).new_page()


def outline(locator) -> dict:
    return locator.evaluate(
        "el => { const s = getComputedStyle(el); return {style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor}; }"
    )


def test_the_first_tab_shows_skip_to_content_which_jumps_past_the_menu(live_server, browser):
    page = phone(browser)
    page.goto(f"{live_server.url}/venues/")
    skip = page.get_by_test_id("skip-link")
    # Out of sight until the keyboard reaches it.
    assert skip.bounding_box()["y"] + skip.bounding_box()["height"] <= 0

    page.keyboard.press("Tab")

    expect(skip).to_be_focused()
    expect(skip).to_have_text("跳到正文")
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["x"] + box["width"] <= 360 and box["height"] >= 44
    assert outline(skip) == {"style": "solid", "width": "3px", "color": "rgb(255, 255, 255)"}

    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    # The next stop is inside the page, not the top bar's name or menu.
    assert page.evaluate("!!document.activeElement.closest('main')")
    assert no_sideways_scroll(page)


def test_keyboard_focus_is_a_visible_ring_on_the_page_and_on_the_orange_bar(live_server, browser):
    page = phone(browser)
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")  # 跳到正文
    page.keyboard.press("Tab")  # the top bar's first link
    in_bar = page.locator(":focus")
    assert in_bar.evaluate("el => !!el.closest('.topbar')")
    assert outline(in_bar) == {"style": "solid", "width": "3px", "color": "rgb(255, 255, 255)"}

    page.locator("main a").first.focus()
    page.keyboard.press("Tab")
    on_page = page.locator(":focus")
    assert on_page.evaluate("el => !!el.closest('main')")
    assert outline(on_page) == {"style": "solid", "width": "3px", "color": "rgb(31, 35, 40)"}


def test_a_visitor_taps_once_for_the_nearest_open_rest_stations(live_server, browser):
    VenueFactory(name="脚下的驿站")
    VenueFactory(name="远一点的驿站", lat=HERE[0] + 0.01)
    VenueFactory(name="打烊的驿站", hours="")
    page = phone(browser, permissions=[], geolocation={"latitude": HERE[0], "longitude": HERE[1]})
    page.goto(f"{live_server.url}/")
    button = page.get_by_test_id("home-nearby-locate")
    expect(button).to_be_visible()
    assert button.bounding_box()["y"] < 740  # on the first screen
    assert no_sideways_scroll(page)
    page.context.grant_permissions(["geolocation"], origin=live_server.url)

    button.click()

    stations = page.get_by_test_id("home-nearby-venue")
    expect(stations).to_have_count(2)
    expect(stations.first).to_contain_text("脚下的驿站")
    assert "打烊的驿站" not in page.get_by_test_id("home-nearby-list").inner_text()
    stations.first.click()
    expect(page.get_by_test_id("venue-detail")).to_contain_text("脚下的驿站")


def test_a_compound_guide_with_gate_states_fits_a_phone(live_server, browser):
    from tests.venues.factories import CompoundFactory, GateFactory

    compound = CompoundFactory(name="锦绣天府")
    GateFactory(compound=compound, name="后门（北）", ebikes_allowed=False, entry_method="open", hours="Mo-Su 07:00-21:00")
    GateFactory(compound=compound, name="北门（主门）", ebikes_allowed=True, entry_method="face", hours="24/7")
    page = phone(browser)
    page.goto(f"{live_server.url}/compounds/{compound.id}/")
    expect(page.get_by_test_id("gate-open-state").first).to_be_visible()
    assert no_sideways_scroll(page)
