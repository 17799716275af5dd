"""In Chromium on a 360 px phone: the import page lists what the 类型, 便民设施 and 社区 cells
take (codes and names wrap inside the phone's width). Screenshots go to $SCREENSHOT_DIR."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import page_width, screenshot, signed_in_phone
from tests.factories import StreetAdminFactory
from tests.venues.factories import AmenityFactory, CommunityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_import_page_lists_the_cells_values_on_a_phone(live_server, browser, tmp_path):
    for code, name in (("drinking_water", "饮用水"), ("phone_charging", "手机充电"), ("microwave_oven", "微波炉")):
        AmenityFactory(code=code, name=name)
    for name in ("望平社区", "驿都社区", "成龙路社区"):
        CommunityFactory(name=name)
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/venues/import/")

    values = page.locator("#import-values")
    expect(values.get_by_test_id("import-kinds").locator("li")).to_have_count(5)
    expect(values.get_by_test_id("import-kinds")).to_contain_text("暖新商家 merchant")
    expect(values.get_by_test_id("import-amenities")).to_contain_text("手机充电 / phone charging phone_charging")
    expect(values.get_by_test_id("import-communities").locator("li")).to_have_count(3)
    assert page_width(page) <= 360
    screenshot(values, tmp_path, "import-values-360.png")
