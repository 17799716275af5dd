"""/api/v1/me/, how app clients authenticate, and errors that are always JSON."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_me_shows_who_is_signed_in_with_a_masked_phone(api_for, rider):
    body = api_for(rider).get("/api/v1/me/").json()
    assert body["id"] == rider.id
    assert body["display_name"] == "张小骑"
    assert body["masked_phone"] == f"{rider.phone[3:6]}****{rider.phone[-4:]}"
    assert body["roles"] == ["rider"]
    assert body["verification"] == "verified"


def test_anonymous_api_call_is_401_json(client):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["message"]


def test_unknown_api_url_is_404_json_not_html(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_anonymous_api_call_names_the_app_token_scheme(client):
    response = client.get("/api/v1/me/")
    assert response["WWW-Authenticate"] == "X-Session-Token"


def test_an_unknown_app_token_is_401_not_anonymous(client):
    response = client.get("/api/v1/me/", headers={"X-Session-Token": "no-such-session"})
    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"  # tests/test_api_auth_review.py


def test_validation_errors_name_the_fields(api_for, rider):
    response = api_for(rider).post("/api/v1/claims/", {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"]


def test_the_old_token_endpoint_is_gone(client):
    assert client.post("/api/v1/auth/token/", {"login": "x", "password": "y"}).status_code == 404


def test_session_api_posts_need_the_csrf_token(rider):
    from rest_framework.test import APIClient

    c = APIClient(enforce_csrf_checks=True)
    c.force_login(rider)
    response = c.post("/api/v1/notifications/read-all/", {})
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


def test_the_docs_link_the_app_sign_in_specification(client):
    assert client.get("/_allauth/openapi.json").json()["paths"]
    assert b"/_allauth/openapi.json" in client.get("/api/schema/").content


def test_rider_cannot_open_staff_pages(client_for, rider):
    assert client_for(rider).get("/staff/").status_code == 403


def test_anonymous_is_sent_to_login_from_staff_pages(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/staff/")


def test_django_admin_login_goes_through_the_rate_limited_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_schema_is_served(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/me/" in response.content
