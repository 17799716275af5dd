"""On a 360 px phone, a street admin's fold-outs on a roster row (联系方式) are thumb-sized
targets, as every rider's and merchant's target is (tests/browser/test_touch_targets.py)."""

from __future__ import annotations

import pytest

from tests.browser.steps import sign_in
from tests.factories import RiderFactory, StreetAdminFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_rosters_contact_fold_out_is_a_44px_target(live_server, browser):
    admin = StreetAdminFactory()
    activity = ActivityFactory()
    SignupFactory(activity=activity, rider=RiderFactory())
    page = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    sign_in(page, live_server.url, admin.username)

    page.goto(f"{live_server.url}/staff/activities/{activity.pk}/")

    summary = page.locator('[data-testid="reveal"] > summary').first
    assert summary.bounding_box()["height"] >= 44
