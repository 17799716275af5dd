"""In a real browser, on a 360 px phone: the report form checks the chosen photos before anything
is sent, on the ordinary form and on the one a venue's page opens (信息有误？告诉我们, which has
no map): four photos, or one larger than the server takes, are said under the field and the
form is not sent (a browser never refills a file input, so a refusal by the server would lose
them); with photos it takes, the report goes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory
from tests.points.factories import image_bytes
from tests.venues.factories import CommunityFactory, VenueFactory
from volunteers.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PALE_TILE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4/v07AAXAAuFkoaCKAAAAAElFTkSuQmCC"


def photo(n: int, extra: int = 0) -> dict:
    """A phone photo as the file picker hands it over; `extra` bytes make it larger."""
    return {"name": f"IMG_{n}.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG", size=(320, 240)) + b"\0" * extra}


def phone(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    rider = RiderFactory()
    sign_in(page, live_server.url, rider.phone[3:])
    return context, page, rider, problems


def test_the_venue_form_stops_a_fourth_photo_before_sending(live_server, browser, settings):
    settings.MAP_TILE_URL = PALE_TILE
    station = VenueFactory(name="成龙路暖新驿站", address="成龙大道二段88号", community=CommunityFactory(name="成龙社区"))
    context, page, rider, problems = phone(browser, live_server)
    page.goto(f"{live_server.url}/venues/{station.pk}/")
    page.get_by_test_id("venue-wrong-info").click()  # 信息有误？告诉我们
    expect(page).to_have_url(re.compile(rf"/reports/new/\?venue={station.pk}$"))
    expect(page.locator("#report-map")).to_have_count(0)  # no map on this form
    expect(page.locator("#id_photos_helptext")).to_contain_text("每张不超过 8.0")
    page.locator("#id_description").fill("页面写着 8 点开门，今天 9 点半还锁着门")

    page.locator("#id_photos").set_input_files(files=[photo(n) for n in range(1, 5)])

    problem = page.locator("#id_photos_problem")
    expect(problem).to_be_visible()
    expect(problem).to_have_text("最多上传 3 张照片。")
    assert no_sideways_scroll(page)
    page.locator("#submit-report").click()
    page.wait_for_timeout(300)  # what a sent form would take to leave
    expect(page).to_have_url(re.compile(rf"/reports/new/\?venue={station.pk}$"))
    assert not Report.objects.filter(reporter=rider).exists()
    assert page.evaluate("document.getElementById('id_photos').validationMessage") == "最多上传 3 张照片。"

    # Three photos: the problem goes away and the report is sent, with its photos.
    page.locator("#id_photos").set_input_files(files=[photo(n) for n in range(1, 4)])
    expect(problem).to_be_hidden()
    page.locator("#submit-report").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    report = Report.objects.get(reporter=rider)
    assert (report.venue_id, report.photos.count()) == (station.pk, 3)
    assert not problems, problems
    context.close()


def test_the_ordinary_form_stops_a_photo_larger_than_the_server_takes(live_server, browser, settings):
    settings.MAP_TILE_URL = PALE_TILE
    settings.UPLOAD_IMAGE_MAX_BYTES = 64 * 1024
    context, page, rider, problems = phone(browser, live_server)
    page.goto(f"{live_server.url}/reports/new/")
    expect(page.locator("#id_photos_helptext")).to_contain_text("每张不超过 64.0")
    page.locator("input[name=category][value=sanitation]").check()
    page.locator("#id_description").fill("路口垃圾堆了三天")
    page.locator("#id_address").fill("成龙路与迎晖路路口")

    page.locator("#id_photos").set_input_files(files=[photo(1), photo(2, extra=80 * 1024)])

    problem = page.locator("#id_photos_problem")
    expect(problem).to_have_text("文件过大（最大 64.0\xa0KB）。")
    page.locator("#submit-report").click()
    page.wait_for_timeout(300)
    expect(page).to_have_url(re.compile(r"/reports/new/$"))
    assert not Report.objects.filter(reporter=rider).exists()

    # The same check counts the photos here too.
    page.locator("#id_photos").set_input_files(files=[photo(n) for n in range(1, 5)])
    expect(problem).to_have_text("最多上传 3 张照片。")

    page.locator("#id_photos").set_input_files(files=[photo(1)])
    expect(problem).to_be_hidden()
    page.locator("#submit-report").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    assert Report.objects.get(reporter=rider).photos.count() == 1
    assert not problems, problems
    context.close()
