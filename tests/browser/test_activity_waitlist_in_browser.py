"""In a real browser at 360 px: a rider on the waitlist reads what their button does (退出候补,
not 取消报名: they hold no place to cancel), the page counts who waits only when someone does
(no 候补 0 人), and leaving after the question frees their turn."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.models import Signup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_waitlisted_rider_leaves_the_waitlist_at_360_px(live_server, browser):
    rider = RiderFactory()
    full = ActivityFactory(title="看望静康社区独居老人", capacity=1)
    SignupFactory(activity=full, rider=RiderFactory())
    waiting = SignupFactory(activity=full, rider=rider, status=Signup.Status.WAITLISTED)
    roomy = ActivityFactory(title="街道清洁", capacity=12)

    page = signed_in_phone(browser, live_server, rider, f"/activities/{full.pk}/")

    expect(page.get_by_test_id("my-status")).to_have_text("候补第 1 位")
    expect(page.get_by_test_id("waitlist")).to_have_text("1 人")
    button = page.get_by_test_id("cancel-signup")
    expect(button).to_have_text("退出候补")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert no_sideways_scroll(page)

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    button.click()
    page.wait_for_load_state("load")
    assert asked == ["确定退出候补吗？再次加入时将排在最后。"]
    waiting.refresh_from_db()
    assert waiting.status == Signup.Status.CANCELLED

    # Where places are left and nobody waits, the page does not count an empty waitlist.
    page.goto(f"{live_server.url}/activities/{roomy.pk}/")
    expect(page.get_by_test_id("places")).to_have_text("剩余 12 / 共 12 个名额")
    expect(page.get_by_test_id("waitlist")).to_have_count(0)
    expect(page.get_by_test_id("signup")).to_have_text("报名")
