"""On a phone, a rider about to report a problem sees it is already reported nearby and taps
“我也看到了，就是这个”. The card they tapped counts them at once: it read 2 人也看到了 before and
3 人也看到了 after (one who was the first to say "me too" reads 1 person sees it too where
nothing was said before). Before, the answer replaced the button only and the count above it
stayed as it was, so the rider read they had been counted next to a number that did not count
them."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.factories import RiderFactory
from volunteers.models import MeToo
from volunteers.reports.services import report_me_too, report_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHERE_I_STAND = {"latitude": 30.60830, "longitude": 104.12650}
PALE_TILE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4/v07AAXAAuFkoaCKAAAAAElFTkSuQmCC"


def the_form_with_the_report_nearby(browser, live_server, rider, language: str):
    context = browser.new_context(
        viewport={"width": 360, "height": 800},
        locale="zh-CN" if language == "zh-hans" else "en-US",
        timezone_id="Asia/Shanghai",
        permissions=["geolocation"],
        geolocation=WHERE_I_STAND,
    )
    page = context.new_page()
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    signed_in_by_cookie(page, live_server.url, rider)
    page.goto(f"{live_server.url}/reports/new/")
    page.locator("input[name=category][value=fire_lane]").check()
    return page


def test_the_card_counts_the_rider_who_said_me_too(live_server, browser, settings):
    settings.MAP_TILE_URL = PALE_TILE
    report = report_submit(
        rider=RiderFactory(), category="fire_lane", description="3号楼后消防通道停满电动车", lat=30.60880, lng=104.12660
    ).report
    for neighbour in (RiderFactory(), RiderFactory()):
        report_me_too(rider=neighbour, report=report)
    rider = RiderFactory()
    page = the_form_with_the_report_nearby(browser, live_server, rider, "zh-hans")

    card = page.get_by_test_id("nearby")
    expect(card).to_contain_text("2 人也看到了")
    card.get_by_role("button", name="我也看到了，就是这个").click()

    expect(card.get_by_role("status")).to_contain_text(f"线索 #{report.pk} 已算上您")
    expect(card).to_contain_text("3 人也看到了")
    expect(card).not_to_contain_text("2 人也看到了")
    assert MeToo.objects.filter(report=report).count() == 3
    assert no_sideways_scroll(page)
    page.context.close()


def test_the_first_to_say_me_too_reads_one_person(live_server, browser, settings):
    settings.MAP_TILE_URL = PALE_TILE
    report_submit(
        rider=RiderFactory(), category="fire_lane", description="Bikes block the fire lane", lat=30.60880, lng=104.12660
    )
    rider = RiderFactory(language="en")
    page = the_form_with_the_report_nearby(browser, live_server, rider, "en")

    card = page.get_by_test_id("nearby")
    expect(card).to_be_visible()
    expect(card).not_to_contain_text("sees it too")
    card.get_by_role("button", name="Me too: this is what I see").click()

    expect(card.get_by_role("status")).to_contain_text("you are counted")
    expect(card).to_contain_text("1 person sees it too")
    page.context.close()
