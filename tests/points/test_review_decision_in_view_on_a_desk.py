"""A reviewer at a desk (1280×900) opens a claim with a phone's upright photo. The photo took
630 px of the page's width-wide column, so "通过并审下一条" stood below the fold on every claim;
and the <img> had no size until it arrived, so the buttons first painted at y≈815 and then jumped
about 550 px down: a reviewer clicking at once could hit something else. Now the photo stands
beside the facts and the decision in a box sized before it loads: the approve and reject buttons
are in view without scrolling, before and after the photo arrives, and do not move. The photo
still opens full size. On a phone (360 px) the page stays one column, the photo before the
decision, with no sideways scrolling."""

from __future__ import annotations

import secrets

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Route, expect

from points.models import Claim, ClaimPhoto
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory, image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
PHOTOS = "**/points/photos/**"
BUTTONS = ("#approve-next", "#approve", "#reject-next", "#reject")


def upright_photo(claim: Claim) -> ClaimPhoto:
    """A phone's portrait photo (3:4), as claim_submit() stores it."""
    data = image_bytes(size=(900, 1200), color=(40, 90, 160))
    photo = ClaimPhoto(claim=claim, token=secrets.token_hex(16), content_type="image/jpeg", size=len(data))
    photo.image.save("photo", ContentFile(data), save=False)
    photo.save()
    return photo


@pytest.fixture
def claim(db):
    rule = RuleFactory(name="应急救援协助", points=30)
    claim = ClaimFactory(rider=RiderFactory(), rule=rule, description="协助疏导交通事故现场。")
    upright_photo(claim)
    return claim


def boxes(page) -> dict[str, dict]:
    return {selector: page.locator(selector).bounding_box() for selector in BUTTONS}


def test_the_decision_is_in_view_and_holds_still_while_the_photo_loads(live_server, browser, claim):
    context = browser.new_context(viewport=DESK, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        sign_in(page, live_server.url, ReviewerFactory().username)
        held: list[Route] = []
        page.route(PHOTOS, lambda route: held.append(route))  # the photo is slow to arrive
        page.goto(f"{live_server.url}/staff/claims/{claim.pk}/", wait_until="domcontentloaded")
        expect(page.locator("#approve-next")).to_be_visible()
        photo = page.get_by_test_id("claim-photo")
        for _ in range(100):
            if held:
                break
            page.wait_for_timeout(50)
        assert held, "the browser asked for the photo"
        assert photo.evaluate("img => img.naturalWidth") == 0  # not arrived yet

        before = boxes(page)
        for selector, box in before.items():
            assert box["y"] >= 0 and box["y"] + box["height"] <= DESK["height"], (selector, box)

        for route in held:
            route.continue_()
        page.unroute(PHOTOS)
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())

        assert boxes(page) == before  # nothing moved when the photo came
        shown = photo.bounding_box()
        assert shown["height"] >= 400  # still large enough to judge
        assert shown["y"] + shown["height"] <= DESK["height"]  # and whole, without scrolling
        assert page.evaluate("window.scrollY") == 0
        # The full size, one click away.
        assert photo.locator("xpath=..").get_attribute("href") == photo.get_attribute("src")
    finally:
        context.close()


def test_on_a_phone_the_photo_comes_before_the_decision(live_server, browser, claim):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai", has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, ReviewerFactory().username)
        page.goto(f"{live_server.url}/staff/claims/{claim.pk}/")
        photo = page.get_by_test_id("claim-photo")
        expect(photo).to_be_visible()
        shown, approve = photo.bounding_box(), page.locator("#approve-next").bounding_box()
        assert shown["width"] >= 300  # the column's width
        assert shown["y"] + shown["height"] <= approve["y"]  # looked at before deciding
        assert no_sideways_scroll(page)
    finally:
        context.close()
