"""Staff on a phone tap 取消 under a form (a rule, a venue, an account): the link is a 44 × 44 px
target like the button beside it, not a 32 px wide word."""

from __future__ import annotations

import pytest

from tests.browser.steps import sign_in
from tests.browser.venue_pages import phone
from tests.factories import StreetAdminFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/staff/users/new/", "/staff/rules/new/"])
def test_cancel_under_a_staff_form_is_a_whole_target(live_server, browser, path):
    page = phone(browser)
    sign_in(page, live_server.url, StreetAdminFactory().username)
    page.goto(f"{live_server.url}{path}")

    cancel = page.locator(".fs-actions a", has_text="取消")
    box = cancel.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
