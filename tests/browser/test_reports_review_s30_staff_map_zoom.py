"""A report's page on a reviewer's phone (360 px): the map of the pin zooms with buttons a thumb
can hit (44 px), as the riders' maps do; they were Leaflet's 30 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import ReviewerFactory, RiderFactory
from volunteers.reports.services import report_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PALE_TILE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4/v07AAXAAuFkoaCKAAAAAElFTkSuQmCC"


def test_on_a_phone_the_reports_map_zooms_with_a_thumb(live_server, browser, settings):
    settings.MAP_TILE_URL = PALE_TILE
    report = report_submit(
        rider=RiderFactory(), category="safety_hazard", description="井盖松了，一边翘起来三厘米", lat=30.6085, lng=104.1255
    ).report
    reviewer = ReviewerFactory()
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", has_touch=True).new_page()
    sign_in(page, live_server.url, reviewer.username)

    page.goto(f"{live_server.url}/staff/reports/{report.pk}/")

    zoom_in = page.locator("#report-map .leaflet-control-zoom-in")
    expect(zoom_in).to_be_visible()
    for button in (zoom_in, page.locator("#report-map .leaflet-control-zoom-out")):
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    assert no_sideways_scroll(page)
    page.context.close()
