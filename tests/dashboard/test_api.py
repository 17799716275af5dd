"""GET /api/v1/staff/figures/: the issue's shape, the same numbers as the page, 400 on bad
dates, reviewers and street admins only."""

from __future__ import annotations

import pytest

from friendlystreet.dashboard.registry import FIGURE_KEYS
from tests.dashboard.conftest import MARCH_FIGURES, PREVIOUS_FIGURES
from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/figures/"
QUEUES = {
    "pending_claims",
    "riders_to_verify",
    "reports_new",
    "reports_overdue",
    "tips_pending",
    "proposals_pending",
    "deliveries_failed",
}


def test_the_figures_of_march_with_the_previous_period(api_for, reviewer, street):
    body = api_for(reviewer).get(URL, {"start": "2025-03-01", "end": "2025-03-31"}).json()
    assert body["start"] == "2025-03-01" and body["end"] == "2025-03-31"
    assert body["previous_start"] == "2025-02-01" and body["previous_end"] == "2025-02-28"
    assert body["community"] is None
    assert body["figures"] == MARCH_FIGURES
    assert body["previous"] == PREVIOUS_FIGURES
    assert list(body["figures"]) == list(FIGURE_KEYS)
    # The last row is what belongs to no community (r3 has no home community): no id.
    assert [row["community"]["name"] for row in body["by_community"]] == ["甲社区", "乙社区", "未归属社区"]
    assert body["by_community"][-1]["community"]["id"] is None
    assert body["by_community"][0]["figures"]["points_earned"] == 30
    assert set(body["queues"]) == QUEUES


def test_one_community(api_for, street_admin, street):
    body = api_for(street_admin).get(URL, {"start": "2025-03-01", "end": "2025-03-31", "community": street.b.pk}).json()
    assert body["community"] == street.b.pk
    assert body["figures"]["points_earned"] == 20
    assert body["figures"]["median_hours_to_resolve"] == 72.0


def test_a_community_added_after_the_dashboard_was_cached_is_answered_at_once(api_for, street_admin, street):
    from tests.venues.factories import CommunityFactory

    api = api_for(street_admin)
    assert api.get(URL, {"start": "2025-03-01", "end": "2025-03-31"}).status_code == 200  # caches the communities
    new = CommunityFactory(name="丙社区")

    response = api.get(URL, {"start": "2025-03-01", "end": "2025-03-31", "community": new.pk})

    assert response.status_code == 200, response.json()
    assert response.json()["figures"]["points_earned"] == 0
    assert api.get(URL, {"community": new.pk + 100}).status_code == 400


def test_the_queues_a_reviewer_handles(api_for, reviewer, rider):
    ClaimFactory(rider=rider)
    queues = api_for(reviewer).get(URL).json()["queues"]
    assert queues["pending_claims"] == 1
    assert queues["tips_pending"] == 0
    assert queues["deliveries_failed"] is None  # the street admins' queue
    assert queues["proposals_pending"] is None


def test_the_street_admin_sees_every_queue(api_for, street_admin):
    queues = api_for(street_admin).get(URL).json()["queues"]
    assert all(isinstance(queues[k], int) for k in QUEUES)


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2025-02-30"},
        {"start": "yesterday"},
        {"start": "2025-03-05", "end": "2025-03-01"},
        {"start": "2019-01-01", "end": "2025-01-01"},
        {"start": "0001-01-01", "end": "0001-01-02"},  # year 1 in Chengdu is before year 1 in UTC
        {"start": "1999-12-30", "end": "2000-01-02"},
        {"community": "0"},
        {"community": "999999"},
    ],
)
def test_bad_input_is_a_400_in_json(api_for, reviewer, params):
    response = api_for(reviewer).get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] and body["message"] and body["fields"]


def test_partners_and_riders_are_refused(api_for, merchant_a, rider):
    assert api_for(merchant_a).get(URL).status_code == 403
    assert api_for(rider).get(URL).status_code == 403
    assert api_for(None).get(URL).status_code == 401


def test_the_api_is_a_constant_number_of_queries(api_for, reviewer, street, django_assert_num_queries):
    api = api_for(reviewer)
    api.get(URL, {"start": "2025-03-01", "end": "2025-03-31"})
    # The figures come from the cache; the queues are live: session, user and permissions (3),
    # the reviewer's queues with their oldest items, today's sign-ups and the riders waiting
    # without a screenshot (9).
    with django_assert_num_queries(12):
        api.get(URL, {"start": "2025-03-01", "end": "2025-03-31"})


def test_the_schema_describes_the_endpoint(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/staff/figures/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"start", "end", "community"}
    assert set(operation["responses"]) >= {"200", "400", "403"}
