"""In a real browser on a 360 px phone, in both languages: the top bar of every role fits the
screen, with the menu on it (in English a partner's bar was 402 px wide and its menu off
screen)."""

from __future__ import annotations

import pytest

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import PartnerFactory, ReviewerFactory, RiderFactory, StreetAdminFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("make", [RiderFactory, PartnerFactory, ReviewerFactory, StreetAdminFactory])
def test_the_top_bar_fits_a_phone_in_english_and_chinese(live_server, browser, make):
    user = make()
    page = browser.new_context(viewport={"width": 360, "height": 700}).new_page()
    sign_in(page, live_server.url, user.phone[3:] if user.phone else user.username)
    for language in ("en", "zh-hans"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page.goto(f"{live_server.url}/home/")
        assert no_sideways_scroll(page), language
        menu = page.locator(".topmenu summary")
        if menu.count():
            box = menu.bounding_box()
            assert box["x"] + box["width"] <= 360, language


def test_the_superuser_gets_the_staff_bar_not_a_partners(live_server, browser):
    """The site's superuser holds every permission, the redemption page's too: still a member
    of staff, whose "My page" folds into the menu on a phone, not a partner's bar."""
    admin = StreetAdminFactory(is_superuser=True, is_staff=True)
    page = browser.new_context(viewport={"width": 360, "height": 700}).new_page()
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/home/")
    assert not page.locator('.topnav > a[href="/home/"]').is_visible()
    assert page.locator(".topmenu summary").is_visible()
