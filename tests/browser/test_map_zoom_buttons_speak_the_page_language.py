"""A reviewer opens a report's page in Chinese: the map's zoom buttons told the screen reader
(and the mouse's tooltip) "Zoom in" / "Zoom out", Leaflet's own English, on every map of the site.
They now say 放大 / 缩小 in Chinese and Zoom in / Zoom out in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import signed_in_by_cookie
from tests.browser.test_reports_review_s30_staff_map_zoom import PALE_TILE
from tests.factories import ReviewerFactory, RiderFactory
from volunteers.reports.services import report_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "zoom_in", "zoom_out"), [("zh-hans", "放大", "缩小"), ("en", "Zoom in", "Zoom out")])
def test_the_report_maps_zoom_buttons_are_named_in_the_pages_language(
    live_server, browser, settings, language, zoom_in, zoom_out
):
    settings.MAP_TILE_URL = PALE_TILE
    report = report_submit(
        rider=RiderFactory(), category="safety_hazard", description="井盖松了，一边翘起来三厘米", lat=30.6085, lng=104.1255
    ).report
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        signed_in_by_cookie(page, live_server.url, ReviewerFactory())
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])

        page.goto(f"{live_server.url}/staff/reports/{report.pk}/")

        for button_class, name in (("zoom-in", zoom_in), ("zoom-out", zoom_out)):
            button = page.locator(f"#report-map .leaflet-control-{button_class}")
            expect(button).to_be_visible()
            expect(button).to_have_attribute("title", name)
            expect(button).to_have_attribute("aria-label", name)
    finally:
        context.close()
