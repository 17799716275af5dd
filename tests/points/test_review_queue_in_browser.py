"""In a real browser on a 360 px phone: the claims queue holds its cards (badges, the
masked name and the phone whole, no sideways scroll), a reviewer selects all and sees
the count in a bar that stays on screen, and rejects with a reason and goes on to the next
claim; a rider's double tap on "Send for review" sends the claim once."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from points.models import Claim
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import ReviewerFactory, RiderFactory, StreetAdminFactory
from tests.points.factories import ClaimFactory, RuleFactory
from volunteers import services as volunteers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def aged(claim: Claim, minutes: int) -> Claim:
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    return claim


def a_rider_with_every_badge() -> object:
    rider = RiderFactory(display_name="张小骑")
    admin = StreetAdminFactory()
    volunteers.party_confirm(
        actor=admin, declaration=volunteers.party_declare(rider=rider, organisation="成龙路街道党工委", consent=True)
    )
    volunteers.grid_appoint(
        actor=admin, rider=rider, area="成龙路第1网格", appointed_on=date(2026, 3, 1), certificate_number="WG-001"
    )
    volunteers.team_decide(actor=admin, membership=volunteers.team_request(rider=rider), accept=True)
    return rider


def one_line(locator) -> bool:
    """Text on one line: no taller than its line height allows (a wrapped word doubles it)."""
    return locator.evaluate("el => el.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(el).lineHeight || 20)")


def test_the_queue_holds_at_360_px_and_selecting_keeps_the_actions_on_screen(live_server, browser):
    rider = a_rider_with_every_badge()
    rule = RuleFactory(name="文明劝导", points=10)
    claims = [aged(ClaimFactory(rider=rider, rule=rule), 60 - n) for n in range(6)]
    page = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    sign_in(page, live_server.url, ReviewerFactory().username)
    page.goto(f"{live_server.url}/staff/claims/")

    assert no_sideways_scroll(page)
    card = page.locator(f'[data-claim-id="{claims[0].pk}"]')
    card_box = card.bounding_box()
    for badge in ("党员", "微网格员", "帮帮龘志愿队"):
        assert one_line(card.locator(".rider-badge", has_text=badge)), badge
    assert one_line(card.locator(".who-name"))
    phone = card.locator(".who-phone")
    assert one_line(phone)
    phone_box = phone.bounding_box()
    assert phone_box["x"] + phone_box["width"] <= card_box["x"] + card_box["width"]

    # Nothing selected: the actions wait at the bottom of the list; the count says 0.
    bar = page.locator("#bulk-actions")
    expect(page.locator("#selected-count")).to_have_text("已选 0 条")
    assert bar.bounding_box()["y"] > PHONE["height"]

    page.get_by_label("全选本页").check()
    expect(page.locator("#selected-count")).to_have_text("已选 6 条")
    expect(page.locator(".select-claim:checked")).to_have_count(6)
    box = bar.bounding_box()  # stuck to the bottom of the screen while claims are ticked
    assert box["y"] + box["height"] <= PHONE["height"] + 1 and box["y"] > PHONE["height"] / 2
    page.locator(".select-claim").first.uncheck()
    expect(page.locator("#selected-count")).to_have_text("已选 5 条")
    assert page.evaluate("document.getElementById('select-all').indeterminate")

    page.locator("#bulk-approve").click()
    expect(page).to_have_url(re.compile(r"/staff/claims/"))
    assert Claim.objects.filter(status="approved").count() == 5
    assert no_sideways_scroll(page)


def test_reviewer_rejects_with_the_r_key_and_goes_on_to_the_next_claim(live_server, browser):
    rider = RiderFactory()
    first = aged(ClaimFactory(rider=rider), 30)
    second = aged(ClaimFactory(rider=rider), 20)
    page = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    sign_in(page, live_server.url, ReviewerFactory().username)
    page.goto(f"{live_server.url}/staff/claims/{first.pk}/")

    page.keyboard.press("r")  # focuses the reason, and types nothing into it
    expect(page.locator("#reject-form textarea")).to_be_focused()
    expect(page.locator("#reject-form textarea")).to_have_value("")
    page.keyboard.type("照片看不清")
    page.locator("#reject-next").click()

    expect(page).to_have_url(f"{live_server.url}/staff/claims/{second.pk}/")
    first.refresh_from_db()
    assert (first.status, first.reason) == ("rejected", "照片看不清")


def test_a_double_tap_on_send_makes_one_claim(live_server, browser):
    rider = RiderFactory()
    rule = RuleFactory(name="文明劝导", points=10)
    page = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    sign_in(page, live_server.url, rider.phone[3:])
    page.goto(f"{live_server.url}/points/claims/new/")
    page.locator("select[name=rule]").select_option(str(rule.pk))
    page.locator("textarea[name=description]").fill("劝导闯红灯的行人")
    button = page.locator("#submit-claim")
    button.dblclick()

    expect(page).to_have_url(re.compile(r"/points/claims/\d+/$"))
    assert Claim.objects.filter(rider=rider).count() == 1
