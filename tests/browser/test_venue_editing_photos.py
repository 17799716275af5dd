"""In Chromium on a 360 px phone (staff-content review #9): a new venue with a text file named
.jpg as its photo is not created; the page says why once, at the photo field (not "saved, but
not the photo" and "check the fields" together). Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.venue_pages import amap, fill_venue_basics, page_width, screenshot, signed_in_phone
from tests.factories import StreetAdminFactory
from venues.models import Venue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures(amap.__name__)]


def test_a_refused_photo_is_one_message_at_its_field_and_nothing_is_saved(live_server, browser, tmp_path):
    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/venues/new/", tiles="down")
    expect(page.locator("#id_photo_helptext")).to_contain_text("每个阵地最多 12 张照片，此阵地已有 0 张。")
    fill_venue_basics(page, "有照片的驿站")
    page.locator("#id_photo").set_input_files(
        files=[{"name": "门口.jpg", "mimeType": "image/jpeg", "buffer": b"this is a text file, not a photo" * 20}]
    )
    page.locator("#save-venue").click()

    error = page.locator("#id_photo_error")
    expect(error).to_have_text("无法识别此文件为图片，请上传 JPEG、PNG 或 WebP 格式的照片。")
    expect(page.locator("main")).not_to_contain_text("阵地已保存")
    expect(page.locator("main")).not_to_contain_text("照片没有保留")
    assert not Venue.objects.exists()
    assert page_width(page) <= 360
    error.scroll_into_view_if_needed()
    screenshot(page, tmp_path, "venue-photo-refused-360.png")
