"""Staff run activities from a phone at the event and from a desk. The 名单 / 编辑 links under each
activity of the list were 32 × 44 px (two characters wide), and the activity's title at the top
of the check-in page, the way back to its roster, was a 17 px line of text. Each is now a 44 × 44
target, at 360 and at 1280 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.venue_pages import box, signed_in_phone
from tests.factories import ReviewerFactory
from tests.volunteers.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1280)


def at_least_44(locator) -> tuple[float, float]:
    b = box(locator)
    return b["width"] >= 44 - 0.5 and b["height"] >= 44 - 0.5, (round(b["width"]), round(b["height"]))


@pytest.mark.parametrize("width", WIDTHS)
def test_the_roster_and_edit_links_of_each_activity_are_44_px_targets(live_server, browser, width):
    ActivityFactory(title="成龙路街道清洁", starts_at=timezone.now() + timedelta(days=2))
    page = signed_in_phone(browser, live_server, ReviewerFactory(), "/staff/activities/")
    page.set_viewport_size({"width": width, "height": 780})

    links = page.get_by_test_id("activity-row").first.locator(".vs-links a")
    assert links.all_inner_texts() == ["名单", "编辑", "现场签到"]
    for i in range(links.count()):
        big_enough, size = at_least_44(links.nth(i))
        assert big_enough, f"{links.nth(i).inner_text()} is {size[0]}×{size[1]} px at {width} px"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_activity_title_on_the_checkin_page_is_a_44_px_target(live_server, browser, width):
    activity = ActivityFactory(title="清洁", starts_at=timezone.now() + timedelta(minutes=30))
    page = signed_in_phone(browser, live_server, ReviewerFactory(), f"/staff/activities/{activity.pk}/checkin/")
    page.set_viewport_size({"width": width, "height": 780})

    title = page.get_by_test_id("checkin-activity-title")
    assert title.inner_text() == "清洁"
    big_enough, size = at_least_44(title)
    assert big_enough, f"the title is {size[0]}×{size[1]} px at {width} px"
    title.click()
    page.wait_for_url(f"**/staff/activities/{activity.pk}/")
