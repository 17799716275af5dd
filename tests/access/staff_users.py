"""Users and roles (/staff/users/): street admins only; reviewers, partner operators and riders
get 403 (tests/test_permission_matrix.py walks them)."""

from __future__ import annotations

from tests.access import LOGIN, Route, page
from tests.factories import PartnerFactory, RiderFactory
from tests.venues.factories import VenueFactory


def _person(world) -> dict:
    return {"pk": RiderFactory().pk}


def _operator_of_a_venue(world) -> dict:
    operator = PartnerFactory()
    venue = VenueFactory()
    venue.operators.add(operator)
    return {"pk": operator.pk, "venue_pk": venue.pk}


def _a_partner(world) -> dict:
    return {"pk": PartnerFactory().pk}


ADMIN_ONLY = page(admin_only=True)
# Changes redirect back to the person's page (with a message, also when nothing changed).
ADMIN_POST = {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 403, "admin": 302}

ROUTES = [
    Route("staff_users:list", ADMIN_ONLY),
    Route("staff_users:new", ADMIN_ONLY),
    Route("staff_users:detail", ADMIN_ONLY, setup=_person),
    Route("staff_users:roles", ADMIN_POST, setup=_person, method="post", data={"roles": ["reviewer"]}),
    # No venue named (the route's data cannot know the id): the street admin gets the form back.
    Route(
        "staff_users:venue_add",
        {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 403, "admin": 400},
        setup=_a_partner,
        method="post",
    ),
    Route("staff_users:venue_remove", ADMIN_POST, setup=_operator_of_a_venue, method="post"),
    Route("staff_users:active", ADMIN_POST, setup=_person, method="post", data={"active": "0"}),
]
