"""The permission matrix: what every route answers to each role.

Each module in this package defines ROUTES, a list of Route. test_permission_matrix
walks every URL pattern of the project and fails on one that no module lists, so a
new endpoint must say here who may open it.

Roles: anon, rider, partner, reviewer, admin (street admin). `setup(world)` may
create objects and returns the URL kwargs; `world` has the personas as attributes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anon", "rider", "partner", "reviewer", "admin")
LOGIN = "login"  # a redirect to the login page
# A rider's page or endpoint refused to a partner operator or staff: 403 with the answer of
# riders' pages (friendlystreet.accounts.access.RiderOnly): the page says whose page it is and
# leads to their own start, the API answers the code rider_only.
RIDER_ONLY = "rider_only"


def status_of(expected: int | str) -> int | str:
    """The status an expectation stands for (RIDER_ONLY is a 403)."""
    return 403 if expected == RIDER_ONLY else expected


@dataclass
class Route:
    name: str
    expect: dict[str, int | str]
    setup: Callable[[Any], dict] | None = None
    method: str = "get"
    data: dict = field(default_factory=dict)


def page(public=False, staff=False, partner=False, admin_only=False, rider_only=False, ok=200) -> dict:
    """Expected answers of an HTML page. A rider's page (`rider_only`) answers riders `ok` (200,
    or 302 for an action) and the matrix's admin too: a superuser holds the rider's permissions."""
    if rider_only:
        return {"anon": LOGIN, "rider": ok, "partner": RIDER_ONLY, "reviewer": RIDER_ONLY, "admin": ok}
    if public:
        return dict.fromkeys(ROLES, 200)
    if admin_only:
        return {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 403, "admin": 200}
    if staff:
        return {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 200, "admin": 200}
    if partner:
        return {"anon": LOGIN, "rider": 403, "partner": 200, "reviewer": 403, "admin": 403}
    return {"anon": LOGIN, "rider": 200, "partner": 200, "reviewer": 200, "admin": 200}


def api(public=False, staff=False, partner=False, rider_only=False, ok=200) -> dict:
    """Expected answers of an API endpoint (anonymous → 401, forbidden → 403)."""
    if rider_only:
        return {"anon": 401, "rider": ok, "partner": RIDER_ONLY, "reviewer": RIDER_ONLY, "admin": ok}
    if public:
        return dict.fromkeys(ROLES, ok)
    if staff:
        return {"anon": 401, "rider": 403, "partner": 403, "reviewer": ok, "admin": ok}
    if partner:
        return {"anon": 401, "rider": 403, "partner": ok, "reviewer": 403, "admin": 403}
    return {"anon": 401, "rider": ok, "partner": ok, "reviewer": ok, "admin": ok}
