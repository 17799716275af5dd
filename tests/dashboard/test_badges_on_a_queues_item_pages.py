"""On a queue's own page and on the page of one of its items (a claim's review page), the menu
counts that queue now: "approve and next" goes from claim to claim without the queue's page.
Which pages those are, the queue's source declares once (url_name, item_url_names); the menu
used to guess them from the address (a number after the menu link's path), so a page of a
rider's personal data under /staff/riders/ counted riders waiting and a queue's item page
elsewhere could not be named at all."""

from __future__ import annotations

from dataclasses import replace

import pytest

from friendlystreet.dashboard import queues
from friendlystreet.notifications.digest import digest_sources
from tests.dashboard.helpers import badge
from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_each_queue_names_the_pages_of_its_items():
    pages = {name: source.code for name, source in queues.badge_pages().items()}
    assert pages["points:review_queue"] == pages["points:review_claim"] == "points.pending_claims"
    assert pages["points:rider_queue"] == pages["points:rider_decide"] == "points.riders_waiting"
    assert pages["points:staff_reward_list"] == pages["points:staff_reward_edit"] == "points.reward_proposals"
    # 治理线索 counts the new reports: on a report's page too.
    assert pages["volunteers:staff_report_list"] == pages["volunteers:staff_report_detail"] == "volunteers.new_reports"
    # Today's activities wait for nobody: an activity's roster decides nothing about them.
    assert pages["volunteers:staff_activity_list"] == "volunteers.activities_today"
    assert "volunteers:staff_activity_roster" not in pages


def test_a_page_a_queue_names_counts_it_now_wherever_its_address(monkeypatch, client_for, street_admin, rider):
    """A rider's balance page is under 积分余额, not under 积分申请: once the claims' source names
    it, the claims badge there is counted now, with nothing else to change."""
    source = digest_sources["points.pending_claims"]
    monkeypatch.setitem(
        digest_sources,
        source.code,
        replace(source, item_url_names=(*source.item_url_names, "points:balance_rider")),
    )
    queues.queues_refresh()  # nothing waits, recorded
    ClaimFactory(rider=rider)
    staff = client_for(street_admin)
    assert badge(staff.get("/staff/riders/").content.decode(), "/staff/claims/") == 0  # the record

    page = staff.get(f"/staff/balances/{rider.pk}/")

    assert page.status_code == 200
    assert badge(page.content.decode(), "/staff/claims/") == 1
    # And it moved the record, as the queue's page does.
    assert badge(staff.get("/staff/riders/").content.decode(), "/staff/claims/") == 1
