"""In a real browser: a rider signs up for a street clean-up on their phone and shows the
check-in QR; at the event, staff open the activity's check-in page, film the rider's
screen with the phone's camera (Chromium's fake camera, as in the merchant's test) and see
`ok`; the rider's passbook then shows the points.

Screenshots of the check-in page and the roster at 360 and 1280 px go to $SCREENSHOT_DIR
when it is set (to look at them), else to the test's temporary directory."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from points.selectors import balance_of
from tests.browser.steps import sign_in
from tests.factories import ReviewerFactory, RiderFactory
from tests.volunteers.factories import ActivityFactory
from volunteers.models import Signup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}}


def camera_filming(png: bytes, path: Path) -> str:
    """A video file for Chromium's fake camera (YUV4MPEG2, as the merchant's test writes
    it): the rider's screen as captured, the QR on white, held up to the staff phone."""
    from PIL import Image

    shown = Image.open(io.BytesIO(png)).convert("L")
    shown.thumbnail((300, 300))
    framed = Image.new("L", (shown.width + 40, shown.height + 40), 255)  # the screen around the code
    framed.paste(shown, (20, 20))
    picture = Image.new("L", (640, 480), 225)
    picture.paste(framed, ((640 - framed.width) // 2, (480 - framed.height) // 2))
    frame = b"FRAME\n" + picture.tobytes() + bytes([128]) * (640 * 480 // 2)  # Y, then neutral U and V
    path.write_bytes(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n" + frame * 10)
    return str(path)


def screenshots(page, url: str | None, name: str, folder: Path) -> None:
    """At 360 and 1280 px: the page at `url`, or the one shown (None: a POST's answer)."""
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        if url:
            page.goto(url)
            page.wait_for_load_state("load")
        # Nothing sticks out sideways on a phone: the page is as wide as the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def test_a_rider_signs_up_staff_scan_the_qr_and_the_points_arrive(
    live_server, browser, playwright, browser_type_launch_args, tmp_path
):
    activity = ActivityFactory(title="成龙路街道清洁", capacity=10)
    rider = RiderFactory(display_name="张骑手")
    staff = ReviewerFactory(display_name="王社工")
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    # The rider, on a phone: the activity's page → sign up → the check-in QR.
    rider_page = browser.new_context(**PHONE).new_page()
    sign_in(rider_page, live_server.url, rider.phone[3:])
    rider_page.goto(f"{live_server.url}/activities/{activity.pk}/")
    rider_page.get_by_test_id("signup").click()
    expect(rider_page.get_by_test_id("my-status")).to_be_visible()
    qr = rider_page.locator('[data-testid="checkin-qr"] svg')
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 160  # big enough to scan from a step away
    screen = qr.screenshot()
    assert Signup.objects.get(rider=rider, activity=activity).status == Signup.Status.REGISTERED

    # At the event: the staff phone's camera films the rider's screen.
    args = [
        *browser_type_launch_args["args"],
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={camera_filming(screen, tmp_path / 'qr.y4m')}",
    ]
    phone = playwright.chromium.launch(**{**browser_type_launch_args, "args": args})
    try:
        checkin = phone.new_context(**PHONE, locale="zh-CN", permissions=["camera"]).new_page()
        problems: list[str] = []
        checkin.on("pageerror", lambda exc: problems.append(str(exc)))
        checkin.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        sign_in(checkin, live_server.url, staff.username)
        checkin.goto(f"{live_server.url}/staff/activities/{activity.pk}/checkin/")
        expect(checkin.get_by_test_id("checkin-count")).to_contain_text("0 / 1")

        checkin.locator("#scan-start").click()

        # Read from the camera by the merchant page's scanner, then checked in.
        expect(checkin.get_by_test_id("verdict")).to_have_attribute("data-result", "ok", timeout=15_000)
        expect(checkin.get_by_test_id("verdict-rider")).to_contain_text(rider.masked_phone)
        expect(checkin.get_by_test_id("checkin-count")).to_contain_text("1 / 1")
        assert not problems, problems
        # The verdict is seen from a step away: a big heading across the phone's width.
        verdict = checkin.get_by_test_id("verdict").bounding_box()
        assert verdict["width"] >= 300
        checkin.screenshot(path=str(folder / "checkin-ok-390.png"), full_page=True)

        # Typing the rider's number again says so, and pays nothing more.
        checkin.locator("#code-input").fill(rider.phone[3:])
        checkin.locator("#lookup").click()
        expect(checkin.get_by_test_id("verdict")).to_have_attribute("data-result", "already_checked_in")

        screenshots(checkin, None, "checkin", folder)
        screenshots(checkin, f"{live_server.url}/staff/activities/{activity.pk}/", "roster", folder)
    finally:
        phone.close()

    # The rider's passbook shows the points of the activity.
    paid = balance_of(rider)
    assert paid == activity.rule.points
    rider_page.goto(f"{live_server.url}/points/")
    expect(rider_page.get_by_test_id("balance")).to_have_text(str(paid))
    entry = rider_page.get_by_test_id("entry").first
    expect(entry).to_contain_text(re.compile(rf"\+{paid}"))
    expect(entry).to_contain_text(activity.rule.name)  # 参加志愿活动: the rule attendance pays by
