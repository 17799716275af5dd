"""An app (the WeChat mini-program) signs up and in through allauth's headless API and calls
our API with the session token it gets: a token is a session, so it ends when the session
does, and allauth's limits apply to it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from friendlystreet.accounts import roles
from friendlystreet.accounts.models import User
from tests.accounts.helpers import APP, last_code
from tests.accounts.helpers import app_post as post
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PHONE = "+8613800000099"


def me(client, token: str):
    return client.get("/api/v1/me/", headers={"X-Session-Token": token})


def log_in(client, user, password: str = TEST_PASSWORD) -> str:
    response = post(client, "/auth/login", {"phone": user.phone, "password": password})
    assert response.status_code == 200, response.json()
    return response.json()["meta"]["session_token"]


def test_an_app_signs_up_a_rider_by_phone_and_sms_code_and_calls_the_api(client):
    Group.objects.get_or_create(name=roles.RIDER)
    response = post(
        client,
        "/auth/signup",
        {
            "phone": "13800000099",  # what the rider typed
            "password": "a-Strong-pass-2026",
            "display_name": "王小骑",
            "work_type": "delivery",
            "platform": "美团",
            "privacy_consent": True,
        },
    )
    # Signed up, not signed in: the phone must be verified first.
    assert response.status_code == 401
    body = response.json()
    pending = [f["id"] for f in body["data"]["flows"] if f.get("is_pending")]
    assert pending == ["verify_phone"]
    token = body["meta"]["session_token"]
    user = User.objects.get(phone=NEW_PHONE)
    assert not user.phone_verified
    assert user.groups.filter(name=roles.RIDER).exists()
    assert me(client, token).status_code == 401

    response = post(client, "/auth/phone/verify", {"code": last_code(NEW_PHONE)}, token)
    assert response.status_code == 200, response.json()
    token = response.json()["meta"]["session_token"]
    user.refresh_from_db()
    assert user.phone_verified
    assert me(client, token).json()["id"] == user.id


def test_an_app_logs_in_by_password_and_the_token_ends_at_logout(client, rider):
    token = log_in(client, rider)
    assert me(client, token).json()["id"] == rider.id

    response = client.delete(f"{APP}/auth/session", headers={"X-Session-Token": token})
    assert response.status_code == 401  # allauth: "no longer authenticated"

    response = me(client, token)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "X-Session-Token"


def test_an_app_logs_in_by_sms_code(client, rider):
    response = post(client, "/auth/code/request", {"phone": rider.phone})
    assert response.status_code == 401  # the login_by_code flow is pending
    token = response.json()["meta"]["session_token"]

    response = post(client, "/auth/code/confirm", {"code": last_code(rider.phone)}, token)
    assert response.status_code == 200, response.json()
    token = response.json()["meta"]["session_token"]
    assert me(client, token).json()["id"] == rider.id


def test_a_wrong_password_gets_no_token(client, rider):
    response = post(client, "/auth/login", {"phone": rider.phone, "password": "wrong"})
    assert response.status_code == 400
    assert "session_token" not in response.json().get("meta", {})


def test_a_password_change_ends_the_other_sessions_of_the_user(client, rider):
    phone_app = log_in(client, rider)
    old_tablet = log_in(client, rider)

    response = post(
        client, "/account/password/change", {"current_password": TEST_PASSWORD, "new_password": "Another-pass-2027"}, phone_app
    )
    assert response.status_code == 200, response.json()

    # The session that changed it goes on, under a new token (Django cycles the session key).
    phone_app = response.json()["meta"]["session_token"]
    assert me(client, phone_app).status_code == 200
    assert me(client, old_tablet).status_code == 401
    assert me(client, log_in(client, rider, "Another-pass-2027")).status_code == 200


def test_staff_deactivating_the_user_ends_the_token(client, rider):
    token = log_in(client, rider)
    User.objects.filter(pk=rider.pk).update(is_active=False)
    assert me(client, token).status_code == 401


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, rider):
    for _ in range(5):
        assert post(client, "/auth/login", {"phone": rider.phone, "password": "guess"}).status_code == 400
    response = post(client, "/auth/login", {"phone": rider.phone, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert [e["code"] for e in response.json()["errors"]] == ["too_many_login_attempts"]
    assert "meta" not in response.json()


def test_one_riders_lockout_does_not_lock_out_another(client, rider, other_rider):
    for _ in range(5):
        assert post(client, "/auth/login", {"phone": other_rider.phone, "password": "guess"}).status_code == 400
    assert post(client, "/auth/login", {"phone": other_rider.phone, "password": TEST_PASSWORD}).status_code == 400

    assert me(client, log_in(client, rider)).status_code == 200


def test_a_user_lists_their_sessions_and_ends_another(client, rider):
    phone_app = log_in(client, rider)
    old_tablet = log_in(client, rider)

    sessions = client.get(f"{APP}/auth/sessions", headers={"X-Session-Token": phone_app}).json()["data"]
    assert len(sessions) == 2
    other = next(s["id"] for s in sessions if not s["is_current"])
    response = client.delete(
        f"{APP}/auth/sessions", {"sessions": [other]}, content_type="application/json", headers={"X-Session-Token": phone_app}
    )
    assert response.status_code == 200, response.json()

    assert me(client, old_tablet).status_code == 401
    assert me(client, phone_app).status_code == 200
