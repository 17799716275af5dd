"""A street admin on a rider's verification page shows the rider's full name and phone: the
form is sent (a POST), the data is on the page that comes back with the phone written as
everywhere else, one audit entry is written, and 返回 leads back to the verification page.
Going back and forward again does not reveal (or log) a second time."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from friendlystreet.audit.models import AuditEntry
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory, StreetAdminFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def reveals() -> int:
    return AuditEntry.objects.filter(action="accounts.personal_data_viewed").count()


def test_a_street_admin_reveals_a_riders_phone_from_the_verification_page_and_goes_back(live_server, browser):
    admin = StreetAdminFactory()
    rider = RiderFactory(display_name="徐静", phone="+8613800000011")
    page = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN").new_page()
    sign_in(page, live_server.url, admin.username)
    decide = f"{live_server.url}/staff/riders/{rider.pk}/decide/"
    page.goto(decide)
    before = reveals()

    page.locator("#reveal-reason").select_option("rider_verification")
    page.locator("#reveal").click()

    expect(page.get_by_test_id("rider-phone")).to_have_text("138\u00a00000\u00a00011")
    expect(page.get_by_test_id("rider-name")).to_have_text("徐静")
    assert no_sideways_scroll(page)
    assert reveals() == before + 1

    page.get_by_role("link", name="← 返回").click()
    expect(page).to_have_url(decide)
    back = reveals()
    page.go_forward()  # the POST's response is not kept: the browser does not send it again unasked
    page.wait_for_load_state()
    assert reveals() == back
    assert re.search(r"/staff/riders/\d+/(decide|personal-data)/", page.url)
