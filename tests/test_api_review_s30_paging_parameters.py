"""An app developer opens any list in /api/docs/ and reads the same paging rules: `page_size`
up to 100, a page past the end is 404 `not_found`. The venue list said so; the claims,
vouchers, rewards, reports, activities and compounds lists showed DRF's "Number of results to
return per page.", and the notifications list no description at all."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return Client().get("/api/schema/?format=json").json()


def paging_parameters(schema: dict, name: str) -> dict[str, str]:
    found = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == name and parameter["in"] == "query":
                    found[f"{method.upper()} {path}"] = parameter.get("description", "")
    return found


def test_every_paged_list_describes_page_size_alike(schema):
    described = paging_parameters(schema, "page_size")
    for rider_list in ("/api/v1/notifications/", "/api/v1/claims/", "/api/v1/vouchers/", "/api/v1/me/ledger/"):
        assert f"GET {rider_list}" in described

    assert len(set(described.values())) == 1, described
    assert "at most 100" in next(iter(described.values()))


def test_every_numbered_page_says_what_a_page_past_the_end_answers(schema):
    described = paging_parameters(schema, "page")
    assert "GET /api/v1/notifications/" in described

    assert len(set(described.values())) == 1, described
    assert "404 `not_found`" in next(iter(described.values()))


def test_the_passbooks_cursor_says_how_to_follow_it(schema):
    cursor = paging_parameters(schema, "cursor")["GET /api/v1/me/ledger/"]
    assert "`next`" in cursor
