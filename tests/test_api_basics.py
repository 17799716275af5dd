"""/api/v1/me/, tokens for app clients, and errors that are always JSON."""

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


def test_validation_errors_name_the_fields(client):
    response = client.post("/api/v1/auth/token/", {"login": "x"}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "password" in body["fields"]


def test_app_client_gets_a_token_with_phone_and_password_and_uses_it(client, rider):
    response = client.post(
        "/api/v1/auth/token/", {"login": rider.phone[3:], "password": "test-pass-2026"}, content_type="application/json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.json()["id"] == rider.id


def test_wrong_password_gets_no_token(client, rider):
    response = client.post(
        "/api/v1/auth/token/", {"login": rider.phone[3:], "password": "wrong"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_session_api_posts_need_the_csrf_token(rider):
    from rest_framework.test import APIClient

    c = APIClient(enforce_csrf_checks=True)
    c.force_login(rider)
    response = c.post("/api/v1/auth/token/", {})
    # The token endpoint ignores sessions; a session-authenticated POST elsewhere would be 403.
    assert response.status_code == 400


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
