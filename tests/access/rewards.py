"""Who may open the rewards pages and API (tests/test_permission_matrix.py walks them).

The matrix's partner is merchant_a; the admin is a superuser (every permission, but not
the operator of any venue, so the merchant endpoints answer it `wrong_venue`)."""

from __future__ import annotations

from django.core.files.base import ContentFile

from tests.access import LOGIN, Route, api, page
from tests.points.factories import image_bytes
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.venues.factories import VenueFactory


def _reward(world) -> dict:
    return {"pk": RewardFactory().pk}


def _reward_with_image(world) -> dict:
    reward = RewardFactory()
    reward.image.save("r.jpg", ContentFile(image_bytes()), save=True)
    return {"pk": reward.pk}


def _proposal(world) -> dict:
    return {"pk": RewardFactory(active=False, published_at=None, proposed_by=world.partner).pk}


def _draft(world) -> dict:
    """A reward staff saved without publishing it (nobody proposed it)."""
    return {"pk": RewardFactory(active=False, published_at=None).pk}


def _partners_reward(world) -> dict:
    """A published reward of a venue the partner runs (本店的奖品)."""
    venue = VenueFactory()
    venue.operators.add(world.partner)
    return {"pk": RewardFactory(venue=venue).pk}


def _rider_with_points(world) -> dict:
    give_points(world.rider, 100)
    return {"pk": RewardFactory(cost=10).pk}


def _voucher(world) -> dict:
    """A voucher of the rider at a venue the partner runs."""
    venue = VenueFactory()
    venue.operators.add(world.partner)
    give_points(world.rider, 100)
    return {"code": issue(world.rider, RewardFactory(venue=venue, cost=10)).code}


OWNER = {"anon": LOGIN, "rider": 200, "partner": 404, "reviewer": 404, "admin": 404}
OWNER_API = {**OWNER, "anon": 401}
# The redemption page: partner operators (and the superuser, who has every permission).
PARTNER_PAGE = {"anon": LOGIN, "rider": 403, "partner": 200, "reviewer": 403, "admin": 200}
PARTNER_API = {**PARTNER_PAGE, "anon": 401}
# A code nobody holds: the look-up answers not_found (404) to those allowed to look.
UNKNOWN_CODE = {"code": "ABCDEFGHJKMN"}
LOOKUP_POST = {"anon": LOGIN, "rider": 403, "partner": 404, "reviewer": 403, "admin": 404}
ADMIN_ONLY = page(admin_only=True)
# The street admin's actions on a reward: 302 back to the list.
ADMIN_POST = {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 403, "admin": 302}

ROUTES = [
    Route("points:reward_list", page(public=True)),
    Route("points:reward_detail", page(public=True), setup=_reward),
    Route("points:reward_image", page(public=True), setup=_reward_with_image),
    Route("points:reward_thumb", page(public=True), setup=_reward_with_image),
    # The rider buys (302 to the voucher); partners and reviewers may not; the superuser
    # may, has no points, and is sent back to the reward with the reason (302).
    Route(
        "points:reward_redeem",
        page(rider_only=True, ok=302),
        setup=_rider_with_points,
        method="post",
        data={"idempotency_key": "matrix"},
    ),
    Route("points:voucher_list", page(rider_only=True)),
    Route("points:voucher_detail", OWNER, setup=_voucher),
    Route(
        "points:voucher_cancel",
        {"anon": LOGIN, "rider": 302, "partner": 404, "reviewer": 404, "admin": 404},
        setup=_voucher,
        method="post",
    ),
    Route("points:redeem_page", PARTNER_PAGE),
    Route("points:redeem_lookup", LOOKUP_POST, method="post", data=UNKNOWN_CODE),
    Route("points:redeem_confirm", LOOKUP_POST, method="post", data=UNKNOWN_CODE),
    Route("points:redeem_history", PARTNER_PAGE),
    Route("points:redeem_history_csv", PARTNER_PAGE),
    Route("points:reward_propose", PARTNER_PAGE),
    # The partner pauses a reward of their venue (302 back to the list); the superuser runs no
    # venue: 404, nothing said of the reward.
    Route(
        "points:operator_reward_change",
        {**PARTNER_PAGE, "partner": 302, "admin": 404},
        setup=_partners_reward,
        method="post",
        data={"action": "pause"},
    ),
    Route("points:staff_reward_list", ADMIN_ONLY),
    Route("points:staff_reward_new", ADMIN_ONLY),
    Route("points:staff_reward_edit", ADMIN_ONLY, setup=_reward),
    Route("points:staff_reward_publish", ADMIN_POST, setup=_proposal, method="post"),
    Route("points:staff_reward_decline", ADMIN_POST, setup=_proposal, method="post", data={"reason": "折扣信息不清楚"}),
    # Switching a published reward off, deleting a draft.
    Route("points:staff_reward_switch_off", ADMIN_POST, setup=_reward, method="post"),
    Route("points:staff_reward_delete", ADMIN_POST, setup=_draft, method="post"),
    # API
    Route("points_api:reward_list", api(public=True)),
    Route("points_api:reward_detail", api(public=True), setup=_reward),
    Route(
        "points_api:reward_redeem",
        {**api(rider_only=True, ok=201), "admin": 409},
        setup=_rider_with_points,
        method="post",
    ),
    Route("points_api:voucher_list", api(rider_only=True)),
    Route("points_api:voucher_detail", OWNER_API, setup=_voucher),
    Route("points_api:voucher_qr", OWNER_API, setup=_voucher),
    Route(
        "points_api:voucher_cancel",
        {"anon": 401, "rider": 200, "partner": 404, "reviewer": 404, "admin": 404},
        setup=_voucher,
        method="post",
    ),
    # The partner runs the voucher's venue (200); the superuser runs none (403 wrong_venue).
    Route("points_api:merchant_lookup", {**PARTNER_API, "admin": 403}, setup=_voucher),
    Route("points_api:merchant_redeem", {**PARTNER_API, "admin": 403}, setup=_voucher, method="post"),
    Route("points_api:merchant_redemptions", PARTNER_API),
    Route("points_api:merchant_redemption_months", PARTNER_API),
]
