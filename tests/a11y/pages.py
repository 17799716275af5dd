"""Every page a rider, a merchant or staff can open, with the role to open it as (issue 18).

The permission matrix (tests/access/) lists every route with what each role gets; a page here
is a GET route that some role gets 200 for. It is visited as:
- the anonymous visitor, if the page is public;
- otherwise a rider, a partner operator and staff, each that may open it (staff: the
  reviewer if they may, else the street admin);
and kept only if it answers 200 with HTML (images, CSV and calendar files are left out).

The personas are the demo's (seed_demo): their pages have real content (balances, vouchers,
queues, figures), which empty test personas would not show.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from tests.test_permission_matrix import all_routes


@dataclass(frozen=True)
class Visit:
    role: str  # anon, rider, partner, reviewer, admin
    path: str
    name: str  # the route's name
    error: str = ""  # what the page raised, if it did

    def __str__(self) -> str:
        return f"{self.path} as {self.role}"


def demo_world() -> SimpleNamespace:
    """Load the demo and return its personas under the matrix's names."""
    call_command("seed_demo", force=True, stdout=StringIO())  # tests run with DEBUG off
    users = get_user_model().objects
    partner = users.get(username="barber")
    return SimpleNamespace(
        rider=users.get(username="rider13800000001"),
        other_rider=users.get(username="rider13800000002"),
        partner=partner,
        merchant_a=partner,
        merchant_b=users.get(username="clinic"),
        reviewer=users.get(username="reviewer"),
        admin=users.get(username="admin"),
    )


def roles_for(expect: dict) -> list[str]:
    if expect.get("anon") == 200:
        return ["anon"]
    roles = [role for role in ("rider", "partner") if expect.get(role) == 200]
    if expect.get("reviewer") == 200:
        roles.append("reviewer")
    elif expect.get("admin") == 200 and not roles:
        roles.append("admin")
    return roles


def clients(world) -> dict[str, Client]:
    # A phone in Chengdu asks for Chinese (the default language too).
    made = {"anon": Client(headers={"Accept-Language": "zh-CN"})}
    for role in ("rider", "partner", "reviewer", "admin"):
        made[role] = Client(headers={"Accept-Language": "zh-CN"})
        made[role].force_login(getattr(world, role))
    return made


def setup(route, world) -> dict:
    """The route's URL kwargs, its objects created. A setup that repeats what the demo already
    has (rider 1 is a micro-grid member) is skipped when the URL needs no kwargs."""
    if not route.setup:
        return {}
    try:
        with transaction.atomic():
            return route.setup(world)
    except IntegrityError:
        return {}


# Pages that are not the portal's own: they are left out, for the reason given.
NOT_OURS = {
    # Swagger UI for developers of app clients: its own colours (white on #49cc90, 2:1) and English.
    "api_docs": "Swagger UI",
}


def html_visits(world) -> list[Visit]:
    """Every (role, page) to check, with the objects their URLs need created."""
    by_role = clients(world)
    visits = []
    for route in all_routes():
        if route.method != "get" or 200 not in route.expect.values() or route.data or route.name in NOT_OURS:
            continue
        roles = roles_for(route.expect)
        if not roles:
            continue
        path = reverse(route.name, kwargs=setup(route, world))
        for role in roles:
            try:
                response = by_role[role].get(path)
            except Exception as exc:  # a broken page is reported with the others, not the end of the run
                visits.append(Visit(role, path, route.name, error=f"{type(exc).__name__}: {exc}"))
                continue
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                visits.append(Visit(role, path, route.name))
    return visits


def session_cookie(user) -> str:
    from django.conf import settings

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value
