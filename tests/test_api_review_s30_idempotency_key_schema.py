"""An app developer reads in the schema what a bad Idempotency-Key answers, and branches on that
code: every operation that takes the header refuses a key too long (or with invisible
characters) with 400 `invalid_idempotency_key`. The compound tip's operation said `invalid: a
parameter is not valid (Idempotency-Key …)`, a code it never gives."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.venues.factories import CompoundFactory

pytestmark = pytest.mark.django_db

TOO_LONG = "k" * 65


@pytest.fixture
def schema() -> dict:
    return Client().get("/api/schema/?format=json").json()


def operations_taking_the_key(schema: dict):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
            if "Idempotency-Key" in headers:
                yield f"{method.upper()} {path}", operation


def test_every_operation_that_takes_the_key_names_its_refusal(schema):
    operations = dict(operations_taking_the_key(schema))
    assert "POST /api/v1/compounds/{id}/tips/" in operations
    assert len(operations) >= 4  # claims, reports, tips, a reward's purchase

    for name, operation in operations.items():
        bad_request = operation["responses"]["400"]["description"]
        assert "invalid_idempotency_key" in bad_request, name
        assert "`Idempotency-Key`; `fields` says why" not in bad_request, name


def test_a_tip_with_a_bad_key_answers_the_code_the_schema_names(api_for, rider, schema):
    compound = CompoundFactory(name="成龙锦苑")

    answer = api_for(rider).post(
        f"/api/v1/compounds/{compound.pk}/tips/",
        {"text": "3号门22点后可进电动车"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=TOO_LONG,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_idempotency_key"
    described = schema["paths"]["/api/v1/compounds/{id}/tips/"]["post"]["responses"]["400"]["description"]
    assert answer.json()["code"] in described
