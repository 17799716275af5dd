"""Every route of the project answers each role as tests/access/ says; unknown routes fail."""

from __future__ import annotations

import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access as access_pkg
from tests.access import LOGIN, RIDER_ONLY, ROLES, Route
from tests.access.core import THIRD_PARTY_PATHS, THIRD_PARTY_PREFIXES


def all_routes() -> list[Route]:
    routes = []
    for info in pkgutil.iter_modules(access_pkg.__path__):
        routes += importlib.import_module(f"tests.access.{info.name}").ROUTES
    return routes


def walk(resolver: URLResolver, namespace: str = "", prefix: str = ""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p, ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield (f"{namespace}{p.name}" if p.name else None), prefix + str(p.pattern)


def test_every_route_of_the_project_is_in_the_matrix():
    known = {r.name for r in all_routes()}
    unknown = []
    for name, path in walk(get_resolver()):
        if path.startswith(("static/", "media/", "^static", "^media")):
            continue
        if name in known:
            continue
        if path.startswith(THIRD_PARTY_PATHS) or (name and name.startswith(THIRD_PARTY_PREFIXES)):
            continue
        unknown.append(f"{name or '(unnamed)'} -> /{path}")
    assert not unknown, "routes missing from tests/access/: " + ", ".join(unknown)


def test_every_listed_route_exists():
    for route in all_routes():
        assert any(name == route.name for name, _ in walk(get_resolver())), route.name


@pytest.fixture
def world(rider, other_rider, merchant_a, merchant_b, reviewer, street_admin):
    street_admin.is_superuser = True
    street_admin.save()
    return SimpleNamespace(
        rider=rider,
        other_rider=other_rider,
        partner=merchant_a,
        merchant_a=merchant_a,
        merchant_b=merchant_b,
        reviewer=reviewer,
        admin=street_admin,
    )


@pytest.mark.parametrize("route", all_routes(), ids=lambda r: r.name)
def test_route_answers_each_role_as_expected(route: Route, world, client_for):
    kwargs = route.setup(world) if route.setup else {}
    url = reverse(route.name, kwargs=kwargs)
    failures = []
    for role in ROLES:
        user = None if role == "anon" else getattr(world, role)
        client = client_for(user)
        response = getattr(client, route.method)(url, route.data)
        expected = route.expect[role]
        if expected == LOGIN:
            ok = response.status_code == 302 and "/login/" in response["Location"]
        elif expected == RIDER_ONLY:
            ok = response.status_code == 403 and is_the_rider_only_answer(response, url, role)
        else:
            ok = response.status_code == expected
        if not ok:
            failures.append(f"{role}: expected {expected}, got {response.status_code}")
    assert not failures, f"{route.name} ({url}): " + "; ".join(failures)


def is_the_rider_only_answer(response, url: str, role: str) -> bool:
    """A partner operator's (or staff's) 403 on a rider's page or endpoint is the one that says
    so: the API's code rider_only; the page's words and the way to their own start (the
    counter, the staff dashboard)."""
    if url.startswith("/api/"):
        return response.json()["code"] == "rider_only"
    way_back = {"partner": "to-the-counter", "reviewer": "back-to-dashboard"}[role]
    html = response.content.decode()
    return 'data-testid="rider-only"' in html and f'data-testid="{way_back}"' in html
