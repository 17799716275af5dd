"""A rider signs up with a mainland number and an SMS code, then signs in by code or password."""

from __future__ import annotations

import pytest
from django.utils import timezone

from friendlystreet.accounts.models import User, Verification
from tests.accounts import helpers
from tests.accounts.helpers import last_code
from tests.factories import TEST_PASSWORD, RiderFactory

pytestmark = pytest.mark.django_db

SIGNUP = {**helpers.SIGNUP, "phone": "138 0000 0099"}


def sign_up(client, **overrides):
    return client.post("/accounts/signup/", {**SIGNUP, **overrides})


def test_rider_signs_up_with_phone_and_verifies_it_with_the_sms_code(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/phone/verify/"
    user = User.objects.get(phone="+8613800000099")
    assert not user.phone_verified
    assert user.groups.filter(name="rider").exists()
    assert user.work_type == "delivery" and user.platform == "美团"
    assert user.privacy_consent_version == "2026-11" and user.privacy_consent_at is not None
    assert user.verification == Verification.UNVERIFIED

    response = client.post("/accounts/phone/verify/", {"code": last_code("+8613800000099")})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone_verified
    assert client.get("/home/").status_code == 200


def test_sign_up_without_consent_is_refused_and_creates_nothing(client):
    response = sign_up(client, privacy_consent="")
    assert response.status_code == 200
    assert "privacy_consent" in response.context["form"].errors
    assert not User.objects.filter(phone="+8613800000099").exists()


@pytest.mark.parametrize("bad", ["12345", "23800000001", "1380000000a", "+1 415 555 0100", "138000000011"])
def test_malformed_phone_gets_a_clear_form_error(client, bad):
    response = sign_up(client, phone=bad)
    assert response.status_code == 200
    errors = response.context["form"].errors["phone"]
    assert any("11" in str(e) for e in errors), errors
    assert User.objects.count() == 0


def test_a_number_already_signed_up_is_refused(client, rider):
    response = sign_up(client, phone=rider.phone[3:])
    assert response.status_code in (200, 302)
    assert User.objects.filter(phone=rider.phone).count() == 1


def test_rider_logs_in_with_phone_and_password_typed_without_country_code(client, rider):
    response = client.post("/accounts/login/", {"login": rider.phone[3:], "password": "test-pass-2026"})
    assert response.status_code == 302
    assert client.get("/api/v1/me/").json()["id"] == rider.id


def test_the_welcome_message_names_the_rider_not_their_internal_username(client):
    rider = RiderFactory(display_name="")
    data = {"login": rider.phone[3:], "password": TEST_PASSWORD, "next": "/rewards/"}  # the home page greets by its heading
    response = client.post("/accounts/login/", data, follow=True)
    told = " ".join(str(m) for m in response.context["messages"])
    assert rider.masked_phone in told and rider.username not in told


def test_signing_in_is_greeted_in_plain_chinese(client):
    rider = RiderFactory(display_name="王小骑", last_login=timezone.now())  # signed in before
    data = {"login": rider.phone[3:], "password": TEST_PASSWORD, "next": "/rewards/"}  # the home page greets by its heading
    response = client.post("/accounts/login/", data, follow=True)
    told = [str(m) for m in response.context["messages"]]
    assert "欢迎回来，王小骑！" in told and not any("成功登录" in m for m in told)


def test_staff_log_in_with_username_and_password(client, reviewer):
    response = client.post("/accounts/login/", {"login": reviewer.username, "password": "test-pass-2026"})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_wrong_password_is_a_form_error(client, rider):
    response = client.post("/accounts/login/", {"login": rider.phone[3:], "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_rider_logs_in_by_sms_code(client, rider):
    response = client.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    assert response.status_code == 302
    response = client.post("/accounts/login/code/confirm/", {"code": last_code(rider.phone)})
    assert response.status_code == 302
    assert client.get("/api/v1/me/").json()["id"] == rider.id


def test_wrong_codes_are_form_errors_and_the_fourth_attempt_is_refused(client, rider):
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    good = last_code(rider.phone)
    for _ in range(3):
        response = client.post("/accounts/login/code/confirm/", {"code": "000000" if good != "000000" else "111111"})
        if response.status_code == 200:
            assert response.context["form"].errors
    # After 3 wrong codes the pending login is gone: even the right code no longer works.
    response = client.post("/accounts/login/code/confirm/", {"code": good})
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_no_sms_leaves_a_full_number_in_the_logs(client, caplog):
    with caplog.at_level("INFO"):
        sign_up(client)
    assert "13800000099" not in caplog.text
