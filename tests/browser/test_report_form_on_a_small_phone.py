"""A rider reports a problem on a 360 × 740 phone (Chinese), as the rider's walk through the site
found it (rider-findings 1, 3, 9 and 11):

- after a refused first try, the messages under the fields the rider has since filled go away
  (请选择问题类型 beside a chosen kind read as if the choice had not counted), and come back if
  the field is emptied again; the summary at the top goes with the last of them;
- a photo the form refuses before sending is said next to the photo field, above the bottom tab
  bar, with the field focused: not in the browser's bubble, which opened behind the tab bar;
- when the map's tiles do not come, the page says so instead of a grey box with a pin on
  nothing, and the report goes by its address;
- the pin is named 图钉 / Pin (not Leaflet's "Marker"), and the map's credit has no tiny link
  off the site right under the map."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory
from tests.points.factories import image_bytes
from volunteers.models import Report
from volunteers.reports.services import report_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Tiles without a tile server: one pale square for every tile (img-src allows data:).
PALE_TILE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4/v07AAXAAuFkoaCKAAAAAElFTkSuQmCC"
# Tiles from a host that does not answer (a weak signal, a blocked map service).
BLOCKED_TILES = "https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}"
BLOCKED_PATTERN = "https://*.is.autonavi.com/**"


def photo(n: int, extra: int = 0) -> dict:
    """A phone photo as the file picker hands it over; `extra` bytes make it larger."""
    return {"name": f"IMG_{n}.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG", size=(320, 240)) + b"\0" * extra}


@pytest.fixture
def phone(browser, live_server):
    """A Chinese phone, 360 × 740, that does not share its location (no pin unasked)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.problems = problems
    yield page
    context.close()


def above_the_tab_bar(page: Page, selector: str) -> bool:
    """The element is on screen, wholly above the riders' fixed bottom tab bar."""
    return page.evaluate(
        """sel => {
          const box = document.querySelector(sel).getBoundingClientRect();
          const bar = document.querySelector('.tabbar').getBoundingClientRect();
          return box.height > 0 && box.top >= 0 && box.bottom <= bar.top;
        }""",
        selector,
    )


def test_fixed_fields_lose_their_messages_and_a_refused_photo_is_said_where_the_rider_looks(live_server, phone, settings):
    settings.MAP_TILE_URL = PALE_TILE
    settings.UPLOAD_IMAGE_MAX_BYTES = 64 * 1024
    rider = RiderFactory()
    page = phone
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/reports/new/")
    page.locator("#submit-report").click()  # nothing filled in

    summary = page.locator(".rp-error")
    category, description, place = (page.locator(f"#id_{name}_error") for name in ("category", "description", "address"))
    expect(summary).to_have_text("请检查标出的内容。")
    expect(category).to_have_text("请选择问题类型。")
    expect(description).to_have_text("请写下您看到的情况。")
    expect(place).to_be_visible()

    page.locator("label.rp-chip", has_text="环境卫生").click()
    expect(category).to_be_hidden()
    expect(description).to_be_visible()  # not filled yet
    page.locator("#id_description").fill("北门外垃圾桶满了，垃圾堆到人行道上")
    expect(description).to_be_hidden()
    page.locator("#id_description").fill("  ")  # emptied again: the message is true again
    expect(description).to_be_visible()
    page.locator("#id_description").fill("北门外垃圾桶满了，垃圾堆到人行道上")
    expect(description).to_be_hidden()
    expect(summary).to_be_visible()  # the place is still missing
    page.locator("#id_address").fill("龙湖小区北门")
    expect(place).to_be_hidden()
    expect(summary).to_be_hidden()

    # A photo larger than the server takes, chosen, then the form sent from the top of the page.
    page.locator("#id_photos").set_input_files(files=[photo(1, extra=80 * 1024)])
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("#submit-report").click()
    page.wait_for_timeout(300)  # what a sent form would take to leave
    expect(page).to_have_url(re.compile(r"/reports/new/$"))
    problem = page.locator("#id_photos_problem")
    expect(problem).to_have_text("文件过大（最大 64.0\xa0KB）。")
    assert above_the_tab_bar(page, "#id_photos_problem")
    assert page.evaluate("document.activeElement.id") == "id_photos"
    assert page.locator("#id_photos").get_attribute("aria-describedby").split() == ["id_photos_helptext", "id_photos_problem"]
    expect(page.locator("#id_photos")).to_have_attribute("aria-invalid", "true")
    assert not Report.objects.filter(reporter=rider).exists()

    page.locator("#id_photos").set_input_files(files=[photo(1)])
    expect(problem).to_be_hidden()
    page.locator("#submit-report").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    report = Report.objects.get(reporter=rider)
    assert (report.category, report.address, report.photos.count()) == ("sanitation", "龙湖小区北门", 1)
    assert not page.problems, page.problems


def test_a_refused_photo_keeps_the_servers_photo_message_until_one_the_form_takes_is_chosen(live_server, phone, settings):
    """The message under the photos goes once the rider chooses photos the form takes: not for a
    choice the page itself refuses (static/js/uploads.js marks it invalid for every script)."""
    settings.MAP_TILE_URL = PALE_TILE
    settings.UPLOAD_IMAGE_MAX_BYTES = 64 * 1024
    rider = RiderFactory()
    page = phone
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/reports/new/")
    page.locator("label.rp-chip", has_text="环境卫生").click()
    page.locator("#id_description").fill("北门外垃圾桶满了，垃圾堆到人行道上")
    page.locator("#id_address").fill("龙湖小区北门")
    # Not a photo at all: only the server can tell.
    page.locator("#id_photos").set_input_files(files=[{"name": "IMG_9.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo"}])
    page.locator("#submit-report").click()
    served = page.locator("#id_photos_error")
    expect(served).to_be_visible()
    summary = page.locator(".rp-error")
    expect(summary).to_be_visible()

    page.locator("#id_photos").set_input_files(files=[photo(1, extra=80 * 1024)])
    expect(page.locator("#id_photos_problem")).to_have_text("文件过大（最大 64.0\xa0KB）。")
    expect(served).to_be_visible()  # still no photo the form takes
    expect(summary).to_be_visible()
    page.locator("#id_photos").set_input_files(files=[photo(n) for n in range(1, 5)])
    expect(page.locator("#id_photos_problem")).to_have_text("最多上传 3 张照片。")
    expect(served).to_be_visible()

    page.locator("#id_photos").set_input_files(files=[photo(1)])
    expect(page.locator("#id_photos_problem")).to_be_hidden()
    expect(served).to_be_hidden()
    expect(summary).to_be_hidden()
    page.locator("#submit-report").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    assert Report.objects.get(reporter=rider).photos.count() == 1
    assert not page.problems, page.problems


def test_a_fourth_photo_is_said_above_the_tab_bar_not_behind_it(live_server, phone, settings):
    settings.MAP_TILE_URL = PALE_TILE
    page = phone
    sign_in(page, live_server.url, RiderFactory().phone[3:])
    page.goto(f"{live_server.url}/reports/new/")
    # The photo field at the bottom of the screen, just above the tab bar, as a thumb leaves it.
    page.evaluate(
        """() => {
          const field = document.getElementById('id_photos').getBoundingClientRect();
          const bar = document.querySelector('.tabbar').getBoundingClientRect();
          window.scrollBy(0, field.bottom - bar.top + 2);
        }"""
    )
    assert not above_the_tab_bar(page, "#id_photos_helptext")

    page.locator("#id_photos").set_input_files(files=[photo(n) for n in range(1, 5)])

    expect(page.locator("#id_photos_problem")).to_have_text("最多上传 3 张照片。")
    assert above_the_tab_bar(page, "#id_photos_problem")
    assert no_sideways_scroll(page)
    assert not page.problems, page.problems


def test_when_the_tiles_do_not_come_the_rider_is_told_and_reports_by_address(live_server, phone, settings):
    settings.MAP_TILE_URL = BLOCKED_TILES
    rider = RiderFactory()
    page = phone
    page.route(BLOCKED_PATTERN, lambda route: route.abort())
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/reports/new/")

    failed = page.get_by_test_id("map-failed")
    expect(failed).to_be_visible(timeout=15_000)
    expect(failed).to_have_text("地图加载不出来（信号弱或地图服务不可用），图钉可以留在手机所在的位置，也可以在下面填写地址。")
    expect(page.locator("#report-map")).to_be_hidden()  # no grey box with a pin on nothing
    assert no_sideways_scroll(page)

    page.locator("label.rp-chip", has_text="消防通道堵塞").click()
    page.locator("#id_description").fill("消防通道被三辆电动车堵住了")
    page.locator("#id_address").fill("龙湖小区2号门")
    page.locator("#submit-report").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    assert Report.objects.get(reporter=rider).address == "龙湖小区2号门"

    # The report's page: the same words instead of a grey box.
    pinned = report_submit(rider=rider, category="sanitation", description="垃圾桶满了三天", lat=30.6083, lng=104.1265).report
    page.goto(f"{live_server.url}/reports/{pinned.pk}/")
    # A small map asks for few tiles: fewer errors than the venue map's three, so the wait
    # for any tile at all (static/js/maps.js, 8 s) is what tells.
    expect(failed).to_be_visible(timeout=15_000)
    expect(failed).to_have_text("地图加载不出来（信号弱或地图服务不可用）。")
    expect(page.locator("#report-map")).to_be_hidden()
    assert not page.problems, page.problems


@pytest.mark.parametrize(("language", "name"), [("zh-hans", "图钉"), ("en", "Pin")])
def test_the_pin_is_named_in_the_pages_language_and_the_credit_leaves_no_link_off_the_site(
    live_server, phone, settings, language, name
):
    settings.MAP_TILE_URL = PALE_TILE
    rider = RiderFactory()
    pinned = report_submit(rider=rider, category="sanitation", description="垃圾桶满了三天", lat=30.6083, lng=104.1265).report
    page = phone
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/reports/{pinned.pk}/")

    expect(page.locator("#report-map .leaflet-marker-icon")).to_have_attribute("alt", name)
    credit = page.locator("#report-map .leaflet-control-attribution")
    expect(credit).to_contain_text("Leaflet")  # credited, by name
    expect(credit).to_contain_text("高德地图")  # the tiles' credit, as their licence asks
    expect(credit.locator("a")).to_have_count(0)


def test_a_fourth_photo_on_the_claim_form_is_said_above_the_tab_bar(live_server, phone):
    """The same on 赚积分's claim form, where the reviewer met the bubble half behind the tab bar."""
    page = phone
    sign_in(page, live_server.url, RiderFactory().phone[3:])
    page.goto(f"{live_server.url}/points/claims/new/")
    page.evaluate(
        """() => {
          const field = document.getElementById('id_photos').getBoundingClientRect();
          const bar = document.querySelector('.tabbar').getBoundingClientRect();
          window.scrollBy(0, field.bottom - bar.top + 2);
        }"""
    )

    page.locator("#id_photos").set_input_files(files=[photo(n) for n in range(1, 5)])

    expect(page.locator("#id_photos_problem")).to_have_text("最多上传 3 张照片。")
    assert above_the_tab_bar(page, "#id_photos_problem")
    # Sent from the top of the page anyway: nothing goes up, the words come back into view.
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("#submit-claim").click()
    page.wait_for_timeout(300)  # what a sent form would take to leave
    assert sent == []
    assert above_the_tab_bar(page, "#id_photos_problem")
    assert page.evaluate("document.activeElement.id") == "id_photos"
    page.locator("#id_photos").set_input_files(files=[photo(n) for n in range(1, 4)])
    expect(page.locator("#id_photos_problem")).to_be_hidden()
    assert no_sideways_scroll(page)
    assert not page.problems, page.problems
