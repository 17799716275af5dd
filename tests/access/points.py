"""Who may open the points pages and API (tests/test_permission_matrix.py walks them)."""

from __future__ import annotations

from tests.access import LOGIN, Route, api, page
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory, add_photo


def _claim(world) -> dict:
    return {"pk": ClaimFactory(rider=world.rider).pk}


def _photo(world) -> dict:
    return {"pk": add_photo(ClaimFactory(rider=world.rider)).pk}


def _api_photo(world) -> dict:
    photo = add_photo(ClaimFactory(rider=world.rider))
    return {"pk": photo.claim_id, "photo_pk": photo.pk}


def _unverified(world) -> dict:
    return {"pk": RiderFactory(verification="unverified").pk}


def _rule(world) -> dict:
    return {"pk": RuleFactory().pk}


def _category(world) -> dict:
    return {"pk": RuleFactory().category_id}


def _rider(world) -> dict:
    return {"pk": world.rider.pk}


# Owner and staff see a claim; anyone else gets 404 (not 403: no hint that it exists).
OWNER_OR_STAFF = {"anon": LOGIN, "rider": 200, "partner": 404, "reviewer": 200, "admin": 200}
OWNER_OR_STAFF_API = {**OWNER_OR_STAFF, "anon": 401}
# Reviewing actions: the first reviewer decides (302), the admin then finds it decided.
REVIEW_POST = {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 302, "admin": 302}
ADMIN_ONLY = page(admin_only=True)

ROUTES = [
    Route("points:how_to_earn", page(public=True)),
    # The rider's points: partner operators and reviewers have none (no points.submit_claim) and
    # are told whose page it is (the matrix's admin is a superuser, who has every permission).
    Route("points:passbook", page(rider_only=True)),
    Route("points:claim_list", page(rider_only=True)),
    Route("points:claim_new", page(rider_only=True)),
    Route("points:claim_detail", OWNER_OR_STAFF, setup=_claim),
    Route(
        "points:claim_withdraw",
        {"anon": LOGIN, "rider": 302, "partner": 404, "reviewer": 404, "admin": 404},
        setup=_claim,
        method="post",
    ),
    Route("points:claim_photo", OWNER_OR_STAFF, setup=_photo),
    Route("points:review_queue", page(staff=True)),
    Route("points:review_claim", page(staff=True), setup=_claim),
    Route("points:claim_approve", REVIEW_POST, setup=_claim, method="post"),
    Route("points:claim_reject", REVIEW_POST, setup=_claim, method="post", data={"reason": "照片看不清"}),
    Route("points:claim_bulk", REVIEW_POST, method="post", data={"ids": [1], "action": "approve"}),
    Route("points:rider_queue", page(staff=True)),
    Route("points:rider_decide", REVIEW_POST, setup=_unverified, method="post", data={"decision": "verify"}),
    Route("points:rule_list", ADMIN_ONLY),
    Route("points:rule_new", ADMIN_ONLY),
    Route("points:rule_edit", ADMIN_ONLY, setup=_rule),
    Route("points:category_new", ADMIN_ONLY),
    Route("points:category_edit", ADMIN_ONLY, setup=_category),
    Route("points:balance_lookup", ADMIN_ONLY),
    Route("points:balance_rider", ADMIN_ONLY, setup=_rider),
    # API
    Route("points_api:rule_list", api(public=True)),
    # A rider's own claims; a reviewer's are everyone's (the queue); a partner operator has none.
    Route("points_api:claim_list", {**api(rider_only=True), "reviewer": 200}),
    # Riders send claims (an empty body: 400); nobody else has any to send.
    Route("points_api:claim_list", api(rider_only=True, ok=400), method="post"),
    Route("points_api:claim_detail", OWNER_OR_STAFF_API, setup=_claim),
    Route("points_api:claim_photo", OWNER_OR_STAFF_API, setup=_api_photo),
    Route(
        "points_api:claim_withdraw",
        {"anon": 401, "rider": 200, "partner": 404, "reviewer": 404, "admin": 404},
        setup=_claim,
        method="post",
    ),
    # The reviewer approves; the admin then gets 409 (already decided).
    Route(
        "points_api:claim_approve",
        {"anon": 401, "rider": 403, "partner": 403, "reviewer": 200, "admin": 409},
        setup=_claim,
        method="post",
    ),
    Route(
        "points_api:claim_reject",
        {"anon": 401, "rider": 403, "partner": 403, "reviewer": 200, "admin": 409},
        setup=_claim,
        method="post",
        data={"reason": "照片看不清"},
    ),
    Route("points_api:claim_bulk", api(staff=True), method="post", data={"ids": [1], "action": "approve"}),
    Route("points_api:me_ledger", api(rider_only=True)),
]
