"""In a real browser on a 360 px phone: a photo larger than the server takes is refused the
moment it is chosen, on the claim form and on the evidence page, in the page's language, under
the field, and nothing is sent. Before, the whole file (24 MB from a phone) went up first, a
long silent wait on mobile data, only for the server to say 文件过大. The limit is the server's
setting (here lowered to 64 KB), rendered into the input: the same one the server checks."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from friendlystreet.accounts.models import Verification
from points.models import Claim
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory
from tests.points.factories import RuleFactory, image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIMIT = 64 * 1024


def photo(name: str, extra: int = 0) -> dict:
    """A photo as the phone's file picker hands it over; `extra` bytes make it larger."""
    return {"name": name, "mimeType": "image/jpeg", "buffer": image_bytes("JPEG", size=(320, 240)) + b"\0" * extra}


def phone(browser, live_server, rider, locale: str):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=locale, timezone_id="Asia/Shanghai")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)
    sign_in(page, live_server.url, rider.phone[3:])
    sent.clear()  # the sign-in's own POST
    return context, page, sent, problems


def test_the_claim_form_refuses_a_photo_over_the_limit_before_sending_it(live_server, browser, settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = LIMIT
    rider = RiderFactory()
    rule = RuleFactory(name="志愿服务时长", points=10)
    context, page, sent, problems = phone(browser, live_server, rider, "zh-CN")
    page.goto(f"{live_server.url}/points/claims/new/")
    expect(page.get_by_test_id("photos-help")).to_contain_text("每张不超过 64.0")
    page.locator("select[name=rule]").select_option(str(rule.pk))
    page.locator("#id_quantity").fill("1")
    page.locator("#id_occurred_at").fill((timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))

    page.locator("#id_photos").scroll_into_view_if_needed()  # the rider taps the field
    page.locator("#id_photos").set_input_files(files=[photo("IMG_1.jpg"), photo("IMG_2.jpg", extra=LIMIT)])

    problem = page.locator("#id_photos_problem")
    expect(problem).to_have_text("文件过大（最大 64.0\xa0KB）。")
    # Right under the field, on the phone's screen, above the tab bar.
    expect(problem).to_be_in_viewport()
    box, field = problem.bounding_box(), page.locator("#id_photos").bounding_box()
    assert field["y"] + field["height"] <= box["y"] < field["y"] + field["height"] + 24
    assert box["y"] + box["height"] <= page.locator(".tabbar").bounding_box()["y"]
    assert no_sideways_scroll(page)

    page.locator("#submit-claim").click()
    page.wait_for_timeout(300)  # what a sent form would take to leave
    expect(page).to_have_url(re.compile(r"/points/claims/new/$"))
    expect(problem).to_be_visible()
    assert sent == []
    assert not Claim.objects.filter(rider=rider).exists()

    # A photo within the limit: the words go, and the claim is sent with it.
    page.locator("#id_photos").set_input_files(files=[photo("IMG_1.jpg")])
    expect(problem).to_be_hidden()
    page.locator("#submit-claim").click()
    expect(page).to_have_url(re.compile(r"/points/claims/\d+/$"))
    assert Claim.objects.get(rider=rider).photos.count() == 1
    assert not problems, problems
    context.close()


def test_the_evidence_page_states_its_limit_and_refuses_a_screenshot_over_it_before_sending(live_server, browser, settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = LIMIT
    rider = RiderFactory(verification=Verification.UNVERIFIED, language="en")
    context, page, sent, problems = phone(browser, live_server, rider, "en-GB")
    page.goto(f"{live_server.url}/profile/evidence/")
    field = page.locator("#evidence-form input[type=file]")
    expect(page.locator("#evidence-form .helptext")).to_have_text(
        "JPEG, PNG or WebP, at most 64.0\xa0KB. Location data in the photo is removed."
    )

    field.scroll_into_view_if_needed()
    field.set_input_files(files=[photo("Screenshot.jpg", extra=LIMIT)])

    problem = page.locator("#id_evidence_problem")
    expect(problem).to_have_text("This file is too large (at most 64.0\xa0KB).")
    expect(problem).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("#evidence-form button[type=submit]").click()
    page.wait_for_timeout(300)
    # The browser checks this form itself: its bubble (behind the tab bar) gives way to the line.
    expect(problem).to_be_in_viewport()
    assert page.evaluate("document.activeElement.name") == "evidence"
    assert sent == []
    rider.refresh_from_db()
    assert not rider.verification_evidence
    assert no_sideways_scroll(page)

    field.set_input_files(files=[photo("Screenshot.jpg")])
    expect(problem).to_be_hidden()
    page.locator("#evidence-form button[type=submit]").click()
    expect(page.get_by_test_id("my-evidence")).to_be_visible()
    assert sent == [f"{live_server.url}/profile/evidence/"]
    assert not problems, problems
    context.close()
