"""Staff read a full activity's roster on a 360 px phone: 已报名 4 / 2 · 超出名额 2 人 · 候补 0 人
is longer than the line, and 候补 0 人 broke across two lines (候补 0 / 人). Each part now stays
whole; the line breaks between parts."""

from __future__ import annotations

import pytest

from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.factories import ReviewerFactory, RiderFactory, StreetAdminFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_part_of_the_rosters_counts_stays_on_one_line_on_a_phone(live_server, browser):
    activity = ActivityFactory(title="成龙路街道清洁", capacity=2)
    for _ in range(2):
        SignupFactory(activity=activity, rider=RiderFactory())
    for _ in range(2):
        services.checkin_walk_in(actor=StreetAdminFactory(), activity=activity, rider=RiderFactory(), over_capacity=True)

    page = signed_in_phone(browser, live_server, ReviewerFactory(), f"/staff/activities/{activity.pk}/")
    counts = page.get_by_test_id("roster-counts")

    parts = counts.locator(".nowrap")
    assert parts.all_inner_texts() == ["已报名 4 / 2", "超出名额 2 人", "候补 0 人"]
    lines = parts.evaluate_all("spans => spans.map(s => s.getClientRects().length)")
    assert lines == [1, 1, 1]  # a part split across lines has a box on each
    assert no_sideways_scroll(page)
