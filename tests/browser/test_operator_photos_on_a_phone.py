"""The barber on his phone (360 px) adds a photo of his shop on his venue's details page, sees it
there with a delete button his thumb can hit, and deletes it after saying yes. Screenshots go
to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.browser.venue_pages import phone, screenshot
from tests.points.rewards.factories import barbers_counter
from tests.venues.factories import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_barber_adds_a_photo_of_his_shop_and_deletes_it(live_server, browser, tmp_path):
    shop, barber, _rider = barbers_counter()
    page = phone(browser)
    signed_in_by_cookie(page, live_server.url, barber)
    page.goto(f"{live_server.url}/venues/{shop.pk}/details/")

    expect(page.locator("#id_photo_helptext")).to_contain_text("每个场所最多 12 张照片，您的场所已有 0 张。")
    page.locator("#id_photo").set_input_files(
        files=[{"name": "门口.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(size=(1200, 900))}]
    )
    page.locator("#id_photo_caption").fill("店门口，午后错峰通道")
    page.locator("#save-details").click()

    expect(page.locator(".messages")).to_contain_text("已保存")
    photos = page.get_by_test_id("venue-photos")
    expect(photos.locator("img")).to_have_count(1)
    photo = shop.photos.get()
    assert photo.caption == "店门口，午后错峰通道"
    assert no_sideways_scroll(page)
    delete = photos.get_by_test_id("delete-photo")
    delete.scroll_into_view_if_needed()
    assert delete.bounding_box()["height"] >= 44
    image = photos.locator("img").bounding_box()
    assert image["width"] <= 360 and image["height"] > 0
    screenshot(page, tmp_path, "operator-photo-added-360.png", full_page=True)

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    delete.click()

    expect(page.locator(".messages")).to_contain_text("照片已删除")
    assert asked and "王师傅理发店" in asked[0]
    expect(page.get_by_test_id("venue-photos")).to_have_count(0)
    assert not shop.photos.exists()
