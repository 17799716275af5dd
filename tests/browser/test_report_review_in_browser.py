"""In Chromium at 360 px, after the activities review.

#14: the form puts the pin where the phone is. A rider who then writes an address elsewhere
and never touches the map is asked, before sending, whether the problem is where the pin is:
"no" sends the address alone, "yes" sends both; a rider who moved the pin is not asked.

#5: staff marking a duplicate see the original on the page and confirm it there, the page as
wide as the phone."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import ReviewerFactory, RiderFactory
from volunteers.models import Report
from volunteers.reports.services import report_submit, report_transition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHERE_I_STAND = {"latitude": 30.60850, "longitude": 104.12550}
# Screenshots go to $SCREENSHOT_DIR when it is set (to look at them).
SHOTS = os.environ.get("SCREENSHOT_DIR")
PALE_TILE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4/v07AAXAAuFkoaCKAAAAAElFTkSuQmCC"


@pytest.fixture
def phone(browser, live_server, settings):
    """A rider's phone at 360 px that shares where it is, signed in on the report form."""
    settings.MAP_TILE_URL = PALE_TILE
    rider = RiderFactory()
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        permissions=["geolocation"],
        geolocation=WHERE_I_STAND,
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/reports/new/")
    expect(page.locator("#id_lat")).to_have_value(re.compile(r"^30\.6085"))  # the pin is where the phone is
    page.rider = rider
    yield page
    assert not problems, problems
    context.close()


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def fill_in_a_dispute_elsewhere(page) -> None:
    page.locator("input[name=category][value=dispute]").check()
    page.locator("#id_description").fill("两家店铺因占道经营吵起来了")
    page.locator("#id_address").fill("驿都大道中路88号")


def test_an_address_typed_with_the_untouched_pin_is_asked_about_and_no_sends_the_address_alone(phone):
    fill_in_a_dispute_elsewhere(phone)

    phone.locator("#submit-report").click()

    question = phone.locator("#pin-question")
    expect(question).to_be_visible()
    expect(question).to_contain_text("问题就在图钉这里吗？")
    assert no_sideways_scroll(phone)
    for button in (phone.locator("#pin-keep"), phone.locator("#pin-drop")):
        box = button.bounding_box()
        assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert not Report.objects.exists()  # nothing sent yet
    shot(phone, "report-pin-question-360")

    phone.locator("#pin-drop").click()

    expect(phone).to_have_url(re.compile(r"/reports/\d+/$"))
    report = Report.objects.get(reporter=phone.rider)
    assert (report.lat, report.lng, report.address) == (None, None, "驿都大道中路88号")


def test_yes_sends_the_pin_with_the_address(phone):
    fill_in_a_dispute_elsewhere(phone)
    phone.locator("#submit-report").click()

    phone.locator("#pin-keep").click()

    expect(phone).to_have_url(re.compile(r"/reports/\d+/$"))
    report = Report.objects.get(reporter=phone.rider)
    assert (round(report.lat, 4), round(report.lng, 4), report.address) == (30.6085, 104.1255, "驿都大道中路88号")


def test_a_pin_the_rider_moved_is_sent_without_a_question(phone):
    fill_in_a_dispute_elsewhere(phone)
    phone.locator("#report-map").click(position={"x": 60, "y": 60})  # the rider puts the pin on the problem
    expect(phone.locator("#place-status")).to_have_text("图钉已放好。")

    phone.locator("#submit-report").click()

    expect(phone).to_have_url(re.compile(r"/reports/\d+/$"))
    report = Report.objects.get(reporter=phone.rider)
    assert report.lat is not None and round(report.lat, 4) != 30.6085
    assert report.address == "驿都大道中路88号"


def test_the_question_survives_a_refused_form(phone):
    # The rider forgets the description: the page comes back, the pin still unconfirmed.
    phone.locator("input[name=category][value=dispute]").check()
    phone.locator("#id_address").fill("驿都大道中路88号")
    phone.locator("#submit-report").click()
    phone.locator("#pin-keep").click()
    expect(phone.locator("#field-description .errorlist")).to_contain_text("请写下您看到的情况。")

    phone.locator("#id_description").fill("两家店铺因占道经营吵起来了")
    phone.locator("#submit-report").click()

    expect(phone).to_have_url(re.compile(r"/reports/\d+/$"))  # "yes" was said once: not asked again
    assert Report.objects.get(reporter=phone.rider).lat is not None


def test_staff_confirm_a_duplicate_seeing_its_original_on_a_phone(browser, live_server, settings):
    settings.MAP_TILE_URL = PALE_TILE
    staff = ReviewerFactory()
    original = report_submit(
        rider=RiderFactory(), category="safety_hazard", description="成龙大道二段井盖缺了一角，晚上看不见", address="成龙大道二段"
    ).report
    report_transition(actor=staff, report=original, status=Report.Status.ACCEPTED, note="已受理")
    again = report_submit(
        rider=RiderFactory(), category="public_facility", description="井盖坏了", lat=30.6085, lng=104.1255
    ).report
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    sign_in(page, live_server.url, staff.username)
    page.goto(f"{live_server.url}/staff/reports/{again.pk}/")
    expect(page.get_by_test_id("nav-amap")).to_be_visible()

    page.get_by_test_id("move-duplicate").check()
    page.locator("#id_duplicate_of").fill(str(original.pk))
    page.locator("#transition-submit").click()  # no dialog: the page asks next

    confirm = page.get_by_test_id("duplicate-confirm")
    expect(confirm).to_be_visible()
    expect(confirm.get_by_test_id("original-category")).to_have_text("安全隐患")
    expect(confirm.get_by_test_id("other-category")).to_be_visible()
    expect(confirm).to_contain_text("井盖缺了一角")
    assert no_sideways_scroll(page)
    shot(page, "staff-duplicate-confirm-360")
    again.refresh_from_db()
    assert again.status == Report.Status.SUBMITTED

    page.locator("#confirm-duplicate").click()

    expect(page.get_by_test_id("report-state")).to_have_text("重复")
    again.refresh_from_db()
    assert (again.status, again.duplicate_of_id) == (Report.Status.DUPLICATE, original.pk)
    context.close()
