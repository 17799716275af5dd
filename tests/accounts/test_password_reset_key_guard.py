"""A wrong password-reset key sent to the app API is a 400, whatever its shape (an empty user
part made allauth fail with a 500; found by schemathesis)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

RESET = "/_allauth/app/v1/auth/password/reset"


@pytest.mark.parametrize("key", ["-abc", "-", " -abc", "\x00-abc", "1\x00-abc", "1-abc", "abc"])
def test_an_app_checking_a_wrong_reset_key_is_told_it_is_invalid(client, key):
    response = client.get(RESET, HTTP_X_PASSWORD_RESET_KEY=key)

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalid_password_reset"


@pytest.mark.parametrize("key", ["-abc", "\x00-abc", "1-abc"])
def test_an_app_resetting_with_a_wrong_key_is_told_it_is_invalid_and_nothing_changes(client, rider, key):
    password_before = rider.password

    response = client.post(RESET, {"key": key, "password": "a-new-long-password-2026"}, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalid_password_reset"
    rider.refresh_from_db()
    assert rider.password == password_before


@pytest.mark.parametrize("key", [-1, -(10**30), -1.5, ["-1"]])
def test_a_key_sent_as_a_json_number_is_read_as_allauth_reads_it(client, key):
    # allauth's form field turns -1 into "-1": an empty user part, which made it fail with a 500.
    response = client.post(RESET, {"key": key, "password": "a-new-long-password-2026"}, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalid_password_reset"
