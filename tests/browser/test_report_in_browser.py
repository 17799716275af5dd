"""In a real browser, on a phone that shares its location: a rider reports a blocked fire lane
with a photo and the pin where they stand, sees first what is already reported nearby, and
sends it; the street office accepts it; the rider sees the dated update on the report's page
and the points in the passbook.

Screenshots of the form and the report's page at 360 and 1280 px go to $SCREENSHOT_DIR when
it is set (to look at them), else to the test's temporary directory."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from points.models import Rule
from points.selectors import balance_of
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import CategoryFactory, RuleFactory, image_bytes
from tests.venues.factories import CommunityFactory
from volunteers.models import Report
from volunteers.reports.services import report_submit, report_transition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHERE_I_STAND = {"latitude": 30.60830, "longitude": 104.12650}
# Tiles without a tile server: one pale square for every tile (img-src allows data:).
PALE_TILE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4/v07AAXAAuFkoaCKAAAAAElFTkSuQmCC"


def screenshots(page, url: str | None, name: str, folder: Path) -> None:
    """At 360 and 1280 px: the page at `url`, or the one shown (None: keep what was typed)."""
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        if url:
            page.goto(url)
            page.wait_for_load_state("load")
        # Nothing sticks out sideways on a phone: the page is as wide as the screen.
        assert no_sideways_scroll(page, width), (name, width)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})


def test_a_rider_reports_with_a_photo_and_a_pin_and_sees_the_acceptance_and_the_points(live_server, browser, settings, tmp_path):
    settings.MAP_TILE_URL = PALE_TILE
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    # Transactional tests flush the seeded rules: the one acceptance pays by.
    rule = Rule.objects.filter(code=Rule.REPORT_ACCEPTED).first() or RuleFactory(
        code=Rule.REPORT_ACCEPTED,
        category=CategoryFactory(code="governance_reports", name="基层治理"),
        name="治理线索被采纳",
        points=20,
        rider_claimable=False,
    )
    community = CommunityFactory(name="锦华社区")
    rider = RiderFactory(display_name="张骑手")
    staff = ReviewerFactory(display_name="王社工")
    # Someone already reported a blocked fire lane about 60 m away.
    report_submit(
        rider=RiderFactory(), category="fire_lane", description="3号楼后消防通道停满电动车", lat=30.60880, lng=104.12660
    )

    context = browser.new_context(
        viewport={"width": 360, "height": 800},
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        permissions=["geolocation"],
        geolocation=WHERE_I_STAND,
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    sign_in(page, live_server.url, rider.phone[3:])

    page.goto(f"{live_server.url}/reports/new/")
    # The pin starts where the phone is.
    expect(page.locator("#id_lat")).to_have_value(re.compile(r"^30\.6083"))
    expect(page.locator("#id_lng")).to_have_value(re.compile(r"^104\.1265"))
    expect(page.locator("#report-map .leaflet-marker-icon")).to_be_visible()
    expect(page.locator("#place-status")).to_contain_text("图钉在您手机所在的位置")

    page.locator("input[name=category][value=fire_lane]").check()
    # "Is this the same problem?": the report 60 m away, with a "me too" button.
    nearby = page.get_by_test_id("nearby")
    expect(nearby).to_have_count(1)
    expect(nearby).to_contain_text("米外")
    expect(page.locator("#nearby h2")).to_have_text("是同一个问题吗？")
    me_too = nearby.get_by_role("button")
    assert me_too.bounding_box()["height"] >= 44

    # Not the same: this one is at the front gate. The rider describes it and adds a photo.
    page.locator("#id_description").fill("小区正门消防通道被一辆面包车堵住，已经两天")
    page.locator("#id_community").select_option(str(community.pk))
    page.locator("#id_photos").set_input_files(
        files=[{"name": "IMG_2001.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG", size=(800, 600))}]
    )
    assert page.locator("#id_photos").bounding_box()["height"] >= 44
    submit = page.locator("#submit-report")
    assert submit.bounding_box()["height"] >= 44
    screenshots(page, None, "report-form", folder)

    submit.click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    report = Report.objects.get(reporter=rider)
    assert (round(report.lat, 4), round(report.lng, 4)) == (30.6083, 104.1265)
    assert report.photos.count() == 1 and report.community == community
    expect(page.locator("#report-state")).to_have_class(re.compile(r"\bsubmitted\b"))
    photo = page.locator(".rp-photos img")
    expect(photo).to_be_visible()
    photo.scroll_into_view_if_needed()  # lazy-loaded: it loads once on screen
    # served to its reporter (waits for it to arrive: "visible" does not mean loaded)
    page.wait_for_function("() => { const i = document.querySelector('.rp-photos img'); return i.naturalWidth > 0; }")
    assert balance_of(rider) == 0

    # The street office accepts it (its triage pages are tested on their own).
    report_transition(actor=staff, report=report, status=Report.Status.ACCEPTED, note="已受理，社区今天下午联系车主挪车")

    page.reload()
    expect(page.locator("#report-state")).to_have_class(re.compile(r"\baccepted\b"))
    update = page.locator('[data-testid="update"][data-status="accepted"]')
    expect(update).to_contain_text("已受理，社区今天下午联系车主挪车")
    screenshots(page, page.url, "report-page", folder)

    page.goto(f"{live_server.url}/points/")
    expect(page.get_by_test_id("balance")).to_have_text(str(rule.points))
    expect(page.get_by_test_id("entry").first).to_contain_text(f"+{rule.points}")
    assert not problems, problems


def test_sending_twice_or_again_after_back_makes_one_report(live_server, browser, settings):
    """A double tap on 送出 sends the form once (data-once); Back to the form (fetched again,
    the browser refills what was typed) and 送出 again sends the first key again (reports.js
    keeps it in the history entry) and lands on the same report (services.report_submit)."""
    settings.MAP_TILE_URL = PALE_TILE
    rider = RiderFactory()
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/reports/new/")
    page.locator("input[name=category][value=sanitation]").check()
    page.locator("#id_description").fill("路口垃圾堆了三天")
    page.locator("#id_address").fill("成龙路与迎晖路路口")
    page.locator("#submit-report").dblclick()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    first = page.url
    assert Report.objects.filter(reporter=rider).count() == 1

    page.go_back()
    expect(page).to_have_url(re.compile(r"/reports/new/$"))
    # The address is not refilled (autocomplete=off): the rider types it again and sends.
    page.locator("input[name=category][value=sanitation]").check()
    page.locator("#id_address").fill("成龙路与迎晖路路口")
    page.locator("#submit-report").click()
    expect(page).to_have_url(first)
    assert Report.objects.filter(reporter=rider).count() == 1

    # Opening the form anew is a new report.
    page.goto(f"{live_server.url}/reports/new/")
    page.locator("input[name=category][value=other]").check()
    page.locator("#id_description").fill("路灯不亮")
    page.locator("#id_address").fill("迎晖路口")
    page.locator("#submit-report").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    assert page.url != first
    assert Report.objects.filter(reporter=rider).count() == 2
    context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_resolved_problems_fit_a_phone_without_a_hidden_column(live_server, browser, settings, tmp_path, language):
    """At 360 px the four columns were cut off at 'Resolved on' with no sign that the table
    scrolls: each row is now a card (the problem, its community, each date named)."""
    settings.MAP_TILE_URL = PALE_TILE
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    staff = ReviewerFactory()
    community = CommunityFactory(name="锦华社区")
    for n, category in enumerate(("fire_lane", "public_facility", "traffic_parking")):
        report = report_submit(
            rider=RiderFactory(), category=category, description="路灯不亮", lat=30.60 + n / 100, lng=104.12, community=community
        ).report
        report_transition(actor=staff, report=report, status=Report.Status.ACCEPTED)
        report_transition(actor=staff, report=report, status=Report.Status.RESOLVED, note="已处理")
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/reports/resolved/")
    rows = page.get_by_test_id("resolved")
    expect(rows).to_have_count(3)

    assert no_sideways_scroll(page)
    # Nothing scrolls sideways inside the page either: the table is no wider than its box.
    assert page.evaluate("(() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth <= w.clientWidth; })()")
    for row in range(3):
        resolved_on = rows.nth(row).locator("td").nth(3)
        box = resolved_on.bounding_box()
        assert box["x"] + box["width"] <= 360, box
        expect(resolved_on).to_be_visible()
    label = "解决日期" if language == "zh-hans" else "Resolved on"
    named = "getComputedStyle(document.querySelector('#resolved td:nth-child(4)'), '::before').content"
    assert page.evaluate(named) == f'"{label}"'
    page.screenshot(path=str(folder / f"resolved-360-{language}.png"), full_page=True)

    # On a wide screen it is a table again, with its header.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator("#resolved thead th").first).to_be_visible()
    page.screenshot(path=str(folder / f"resolved-1280-{language}.png"), full_page=True)
    context.close()
