"""Query counts of the lists, pinned. A change here must be explained in the commit.

API endpoints are pinned in total. HTML pages also run queries of the shared layout
(session, permissions, the notification bell) that other apps own, so there the points
app's own queries are pinned exactly and the total must not grow with the rows.
A signed-in request loads its user (one query; the session comes from the cache) and,
when a permission is checked, their permissions (one query). Nothing a rider owns is
cached: their pages and lists are read from the database on every request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from points import services
from points.models import Claim
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory, add_photo

pytestmark = pytest.mark.django_db


def make_claims(n: int, riders, reviewer=None, approve_every: int = 0):
    rules = [RuleFactory(), RuleFactory(), RuleFactory()]
    for i in range(n):
        claim = ClaimFactory(rider=riders[i % len(riders)], rule=rules[i % 3])
        add_photo(claim)
        if approve_every and i % approve_every == 0:
            services.claim_approve(actor=reviewer, claim=claim)


def queries(client, url: str, tables: str = "points_") -> tuple[int, int]:
    client.get(url)  # warm up caches (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    ours = [q for q in ctx.captured_queries if tables in q["sql"]]
    return len(ctx.captured_queries), len(ours)


# The riders' badges (党员, 微网格员, the team) on every staff page that shows riders: one
# query per badge source for the whole page, whatever the number of riders. The volunteers
# app registers three sources' worth (team, micro-grid, party), so these pages run three
# queries more than before badges (issue 15); the points app's own counts are unchanged.
BADGE_QUERIES = 3


def test_review_queue_queries_do_not_grow_with_the_queue(client_for, reviewer):
    riders = [RiderFactory() for _ in range(3)]
    make_claims(3, riders)
    small_total, small_ours = queries(client_for(reviewer), "/staff/claims/")
    make_claims(27, riders + [RiderFactory() for _ in range(5)])
    total, ours = queries(client_for(reviewer), "/staff/claims/")
    # count, page of claims (with rider, rule, category), their photos, the riders' month
    # summaries, their claims by the same rule on the same day, and the category and rule choices
    # of the filter form; and the pending count once more for the menu's badge, live on the
    # queue's own page (dashboard.queues.badges).
    assert ours == 8
    assert (total, ours) == (small_total, small_ours)
    assert queries(client_for(reviewer), "/staff/claims/", tables="volunteers_")[1] == BADGE_QUERIES


def test_riders_to_verify_queries_do_not_grow_with_the_riders(client_for, reviewer):
    RiderFactory(verification="unverified")
    small = queries(client_for(reviewer), "/staff/riders/", tables="volunteers_")
    for _ in range(12):
        RiderFactory(verification="unverified")
    total, badges = queries(client_for(reviewer), "/staff/riders/", tables="volunteers_")
    assert (total, badges) == small
    assert badges == BADGE_QUERIES


def test_one_riders_staff_pages_fetch_their_badges_once(client_for, reviewer, street_admin, rider):
    claim = ClaimFactory(rider=rider)
    assert queries(client_for(reviewer), f"/staff/claims/{claim.pk}/", tables="volunteers_")[1] == BADGE_QUERIES
    assert queries(client_for(street_admin), f"/staff/balances/{rider.pk}/", tables="volunteers_")[1] == BADGE_QUERIES


def test_claims_api_for_a_rider(api_for, rider, reviewer, django_assert_num_queries):
    make_claims(12, [rider], reviewer, approve_every=3)
    api = api_for(rider)
    # The user, their permissions (a reviewer sees everyone's), count, page (rule, category
    # and rider joined), photos. Was 0 from the per-user cache, 3 after a change.
    with django_assert_num_queries(5):
        body = api.get("/api/v1/claims/").json()
    assert len(body["results"]) == 12
    ClaimFactory(rider=rider)
    with django_assert_num_queries(5):
        body = api.get("/api/v1/claims/").json()
    assert body["count"] == 13


def test_claims_api_for_staff_filtered_by_status(api_for, reviewer, django_assert_num_queries):
    make_claims(25, [RiderFactory() for _ in range(6)], reviewer, approve_every=4)
    api = api_for(reviewer)
    # The user, their permissions, count, page, photos, the riders' same-day claims by the same
    # rules (was 3, with the reviewer and their permissions from the per-user cache)
    with django_assert_num_queries(6):
        body = api.get("/api/v1/claims/?status=pending").json()
    assert body["count"] == Claim.objects.filter(status="pending").count()
    assert {c["status"] for c in body["results"]} == {"pending"}


def test_ledger_api(api_for, rider, reviewer, django_assert_num_queries):
    make_claims(15, [rider], reviewer, approve_every=1)
    api = api_for(rider)
    # The user, the user's permissions (a rider's ledger: IsRider, 2e84269) and one page of
    # entries (a cursor: no COUNT). Was 0 from the per-user cache, 1 after the ledger moved.
    with django_assert_num_queries(3):
        body = api.get("/api/v1/me/ledger/").json()
    assert len(body["results"]) == 15
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider))
    with django_assert_num_queries(3):
        body = api.get("/api/v1/me/ledger/").json()
    assert len(body["results"]) == 16


def test_passbook_and_claim_list_pages(client_for, rider, reviewer):
    def claims_waiting_under_a_cap(n: int) -> None:
        rule = RuleFactory(points=10, max_per_day=15)
        services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=rule))
        for _ in range(n):
            ClaimFactory(rider=rider, rule=rule)

    make_claims(2, [rider], reviewer, approve_every=1)
    claims_waiting_under_a_cap(1)
    small = [queries(client_for(rider), url) for url in ("/points/", "/points/claims/")]
    make_claims(20, [rider], reviewer, approve_every=1)
    claims_waiting_under_a_cap(6)
    make_claims(6, [rider])  # waiting too, by rules without a cap
    large = [queries(client_for(rider), url) for url in ("/points/", "/points/claims/")]
    assert small == large
    # passbook: its first page of entries, whose newest holds the balance (was 0, from the
    # per-user cache), and the claims waiting for review with what they would earn, caps
    # applied (selectors.claims_waiting: one query, was none before the line under the
    # balance); claims: count and page (and the page's capped rules' approved points, when
    # the page has a pending claim under a cap: test_what_pending_claims_would_earn...).
    assert [ours for _total, ours in large] == [2, 3]


def test_what_pending_claims_would_earn_costs_one_query_a_page(client_for, api_for, rider, reviewer, django_assert_num_queries):
    """The claim list and the claims API say what each pending claim would earn, caps applied
    (selectors.expected_awards): the riders' approved points of those rules, in one query."""

    def claims_under_caps(n: int) -> None:
        for _ in range(n):
            rule = RuleFactory(points=10, max_per_day=15, max_per_month=100)
            services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=rule))
            ClaimFactory(rider=rider, rule=rule)  # pending: 5 left of the day's cap

    claims_under_caps(2)
    small = queries(client_for(rider), "/points/claims/")
    claims_under_caps(10)
    total, ours = queries(client_for(rider), "/points/claims/")
    assert (total, ours) == small
    assert ours == 3  # count, page, the approved points of the page's capped rules
    api = api_for(rider)
    # As test_claims_api_for_a_rider, and those approved points.
    with django_assert_num_queries(6):
        body = api.get("/api/v1/claims/?status=pending").json()
    assert [c["expected_points"] for c in body["results"]] == [5] * 12


def test_how_to_earn_and_rules_api(client_for, django_assert_num_queries, within_one_minute):
    for _ in range(10):
        RuleFactory()
    client = client_for(None)
    with django_assert_num_queries(2):  # categories, their rules
        client.get("/points/how-to-earn/")
    with django_assert_num_queries(0):  # then from the cache, until a rule or category changes
        client.get("/points/how-to-earn/")
    with django_assert_num_queries(1):  # rules with their category
        client.get("/api/v1/rules/")


def test_me_api_says_the_claims_waiting_in_one_query(api_for, rider, reviewer):
    """GET /api/v1/me/'s `pending_claims` (selectors.claims_waiting): one query of the points_claim
    table, however many claims wait, under a cap or not; the total does not grow either."""
    api = api_for(rider)

    def read_me() -> tuple[int, int, dict]:
        api.get("/api/v1/me/")  # warm up
        with CaptureQueriesContext(connection) as ctx:
            body = api.get("/api/v1/me/").json()
        return len(ctx.captured_queries), len([q for q in ctx.captured_queries if "points_claim" in q["sql"]]), body

    rule = RuleFactory(points=10, max_per_day=15)
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=rule))
    ClaimFactory(rider=rider, rule=rule)
    small_total, small_claims, body = read_me()
    assert body["pending_claims"] == {"count": 1, "expected_points": 5}
    make_claims(12, [rider], reviewer, approve_every=3)
    total, claims, body = read_me()
    assert body["pending_claims"]["count"] == 9
    assert (total, claims) == (small_total, small_claims)
    assert claims == 1
