"""On a tablet (720-919 px) the opening-hours editor put each day on one line that needs about
880 px in Chinese and 920 px in English: the last time box covered the 同周一 (same as Monday)
button and the page scrolled sideways at 720-760 px. Below the width where one line fits, each day
keeps the phone's two lines."""

from __future__ import annotations

import pytest

from tests.browser.venue_pages import amap, box, page_width, signed_in_phone
from tests.factories import StreetAdminFactory
from tests.venues.factories import VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures(amap.__name__)]


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_days_times_never_cover_its_buttons_on_a_tablet(live_server, browser, language):
    barber = VenueFactory(name="王师傅理发店", hours="Mo-Fr 09:00-12:00,14:00-21:00; Sa-Su 10:00-20:00")
    edit = f"/staff/venues/{barber.pk}/"
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), edit, tiles="down")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    try:
        for width in (720, 800, 880, 920, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}{edit}")
            tuesday = page.locator('.fs-hours-row[data-day="1"]')
            same_as_monday = tuesday.locator('[data-action="copy"]')
            last_time = tuesday.locator("input[type=time]:visible").last
            assert not overlaps(box(last_time), box(same_as_monday)), (language, width)
            assert box(same_as_monday)["height"] < 48, (language, width)  # its words on one line
            assert page_width(page) <= width, (language, width)
    finally:
        page.context.close()
