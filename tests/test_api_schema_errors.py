"""An app developer reads /api/schema/ (or /api/docs/): each operation lists the errors it can
give in the one error format, sits under its area, and the schema says how paging, errors,
languages and rate limits work, in English whatever the browser's language."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

import tests.access as access_pkg
from tests.access import ROLES, Route, status_of

pytestmark = pytest.mark.django_db

ERROR = {"$ref": "#/components/schemas/Error"}


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response.json()


def answers(schema: dict, path: str, method: str) -> dict:
    return schema["paths"][path][method]["responses"]


def error_body(response: dict) -> dict:
    return response["content"]["application/json"]["schema"]


def test_a_signed_in_only_operation_documents_401_in_the_error_format(schema):
    for path, method in [("/api/v1/me/", "get"), ("/api/v1/rewards/{id}/redeem/", "post")]:
        unauthorised = answers(schema, path, method)["401"]
        assert error_body(unauthorised) == ERROR
        assert "Sign in again" in unauthorised["description"]
        assert "WWW-Authenticate" in unauthorised["headers"]


def test_a_public_operation_claims_no_401(schema):
    assert "401" not in answers(schema, "/api/v1/venues/", "get")
    assert "401" not in answers(schema, "/api/v1/venues/{id}/", "get")


def test_an_operation_on_one_object_documents_404(schema):
    assert error_body(answers(schema, "/api/v1/claims/{id}/", "get")["404"]) == ERROR
    assert "404" in answers(schema, "/api/v1/vouchers/{code}/", "get")
    assert "404" not in answers(schema, "/api/v1/me/", "get")


def test_a_staff_action_says_which_roles_may_do_it(schema):
    forbidden = answers(schema, "/api/v1/staff/exports/", "post")["403"]
    assert error_body(forbidden) == ERROR
    assert "reviewer" in forbidden["description"] and "street_admin" in forbidden["description"]
    assert "403" not in answers(schema, "/api/v1/me/", "get")  # any signed-in user


def test_bodies_and_filters_document_400(schema):
    assert "400" in answers(schema, "/api/v1/compounds/{id}/tips/", "post")  # a body
    assert "`near`" in answers(schema, "/api/v1/compounds/", "get")["400"]["description"]  # filters
    assert "400" not in answers(schema, "/api/v1/me/", "get")  # neither


def test_a_throttled_operation_documents_429_with_retry_after(schema):
    too_many = answers(schema, "/api/v1/compounds/{id}/tips/", "post")["429"]
    assert error_body(too_many) == ERROR
    assert too_many["headers"]["Retry-After"]["schema"] == {"type": "integer"}


def test_every_refusal_the_permission_matrix_sees_is_documented(schema):
    """tests/access/ says what each role gets from each endpoint; 401, 403 and 404 among those
    must be in that operation's documented answers."""
    missing = []
    for route in all_routes():
        operation = operation_of(schema, route.name, route.method)
        if operation is None:
            continue
        refusals = {str(status_of(route.expect[role])) for role in ROLES} & {"401", "403", "404"}
        if refusals - set(operation["responses"]):
            missing.append(f"{route.method.upper()} {route.name}: {sorted(refusals - set(operation['responses']))}")
    assert not missing, missing


def all_routes() -> list[Route]:
    routes = []
    for info in pkgutil.iter_modules(access_pkg.__path__):
        routes += importlib.import_module(f"tests.access.{info.name}").ROUTES
    return routes


def operation_of(schema: dict, view_name: str, method: str) -> dict | None:
    for template, item in schema["paths"].items():
        try:
            match = resolve(re.sub(r"\{[^}]+\}", "1", template))
        except Resolver404:
            continue
        if match.view_name == view_name and method in item:
            return item[method]
    return None


def test_operations_are_grouped_by_area_in_the_order_of_the_docs(schema):
    areas = [tag["name"] for tag in schema["tags"]]
    assert areas == [tag["name"] for tag in settings.SPECTACULAR_SETTINGS["TAGS"]]
    tags = {(path, method): op["tags"] for path, item in schema["paths"].items() for method, op in item.items()}
    assert all(len(t) == 1 and t[0] in areas for t in tags.values()), {k: t for k, t in tags.items() if t[0] not in areas}
    assert tags[("/api/v1/me/", "get")] == ["account"]
    assert tags[("/api/v1/me/ledger/", "get")] == ["points"]
    assert tags[("/api/v1/rewards/{id}/redeem/", "post")] == ["rewards"]
    assert tags[("/api/v1/merchant/vouchers/{code}/redeem/", "post")] == ["merchant"]
    assert tags[("/api/v1/compounds/", "get")] == ["venues"]
    assert set(areas) == {t[0] for t in tags.values()}  # no area without an operation


def test_the_description_explains_paging_errors_languages_and_rate_limits(schema):
    text = schema["info"]["description"]
    for heading in ("### Paging", "### Errors", "### Languages", "### Rate limits"):
        assert heading in text
    assert "up to 100" in text and "404 `not_found`" in text
    assert "Accept-Language: en" in text
    assert "Retry-After" in text and "5 failed logins" in text


def test_the_schema_is_in_english_for_a_chinese_browser(schema):
    # Choice labels are translated texts (settings.LANGUAGES): 简体中文 to this browser elsewhere.
    language = schema["components"]["schemas"]["MeViewOutput"]["properties"]["language"]
    assert "`zh-hans` - Simplified Chinese" in language["description"]


@pytest.mark.django_db
def test_the_documented_401_code_is_the_one_an_ended_session_gets(schema):
    """The schema names the code an app branches on: what /api/v1/me/ answers to a token whose
    session has ended."""
    documented = schema["paths"]["/api/v1/me/"]["get"]["responses"]["401"]["description"]
    answer = Client().get("/api/v1/me/", HTTP_X_SESSION_TOKEN="no-such-token")

    assert answer.status_code == 401
    assert answer.json()["code"] == "session_expired"
    assert "session_expired" in documented and "authentication_failed" not in documented
