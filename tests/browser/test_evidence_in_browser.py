"""In a real browser on a phone: a new rider uploads the screenshot of their platform profile
for verification, at the size a phone takes it, and the page still fits the screen."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from friendlystreet.accounts.models import Verification
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_full_size_screenshot_fits_the_phone_screen(live_server, browser, tmp_path):
    rider = RiderFactory(verification=Verification.UNVERIFIED)
    shot = tmp_path / "profile.png"
    out = io.BytesIO()
    Image.new("RGB", (1080, 2340), (250, 200, 60)).save(out, format="PNG")  # a phone's screenshot
    shot.write_bytes(out.getvalue())
    page = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    sign_in(page, live_server.url, rider.phone[3:])

    page.goto(f"{live_server.url}/profile/evidence/")
    page.locator("#evidence-form input[type=file]").set_input_files(str(shot))
    page.locator("#evidence-form button[type=submit]").click()
    page.wait_for_load_state("load")

    page.goto(f"{live_server.url}/profile/evidence/")
    image = page.get_by_test_id("my-evidence")
    image.wait_for()
    page.wait_for_function("document.querySelector('[data-testid=my-evidence]').complete")
    assert image.bounding_box()["width"] <= 360
    assert no_sideways_scroll(page)
