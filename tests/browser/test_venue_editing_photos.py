"""In Chromium on a 360 px phone (staff-content review #9): a new venue with a text file named
.jpg as its photo is not created; the page says why once, at the photo field (not "saved, but
not the photo" and "check the fields" together). Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import sign_in
from tests.browser.test_map_in_browser import folder_for
from tests.factories import StreetAdminFactory
from tests.venues.factories import HERE
from venues.models import Venue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def map_down(settings):
    settings.MAP_TILE_URL = "https://tiles.invalid/{z}/{x}/{y}.png"


def phone(browser) -> Page:
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    page.route("https://tiles.invalid/**", lambda route: route.abort())
    return page


def test_a_refused_photo_is_one_message_at_its_field_and_nothing_is_saved(live_server, browser, map_down, tmp_path):
    admin = StreetAdminFactory()
    page = phone(browser)
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/staff/venues/new/")
    expect(page.locator("#id_photo_helptext")).to_contain_text("每个阵地最多 12 张照片，此阵地已有 0 张。")
    page.locator("#id_name").fill("有照片的驿站")
    page.locator("#id_kind").select_option("community_station")
    page.locator("#id_address").fill("成龙大道二段 88 号")
    page.locator("#id_lat").fill(str(HERE[0]))
    page.locator("#id_lng").fill(str(HERE[1]))
    page.locator("#id_photo").set_input_files(
        files=[{"name": "门口.jpg", "mimeType": "image/jpeg", "buffer": b"this is a text file, not a photo" * 20}]
    )
    page.locator("#save-venue").click()

    error = page.locator("#id_photo_error")
    expect(error).to_have_text("无法识别此文件为图片，请上传 JPEG、PNG 或 WebP 格式的照片。")
    expect(page.locator("main")).not_to_contain_text("阵地已保存")
    expect(page.locator("main")).not_to_contain_text("照片没有保留")
    assert not Venue.objects.exists()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    error.scroll_into_view_if_needed()
    page.screenshot(path=str(folder_for(tmp_path) / "venue-photo-refused-360.png"))
