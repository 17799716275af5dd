"""The SMS provider is down while a rider waits for a code (operator review #3): sign-up, a
sign-in code, a password sign-in that must verify the number, a change of number, on the web
and in the app API. Each is told 短信发送失败，请稍后再试。 (503 `sms_failed` in the app API),
not a 500, and nothing is left behind: no half-made account that a retry would then call
"already exists". Once the provider is back, the same steps work.

The provider here is a real SMS backend class that refuses every message, configured as
SMS_BACKEND the way a deployment names its provider's class."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import Group

from friendlystreet.accounts import roles
from friendlystreet.accounts.models import User
from tests.accounts import helpers
from tests.accounts.helpers import APP, PROVIDER_DOWN, app_post, last_code
from tests.factories import TEST_PASSWORD, RiderFactory

pytestmark = pytest.mark.django_db

NEW_PHONE = "+8613800000099"
SMS_FAILED = "短信发送失败，请稍后再试。"
SIGNUP = {**helpers.SIGNUP, "phone": "138 0000 0099"}
APP_SIGNUP = {**helpers.APP_SIGNUP, "phone": "13800000099"}


@pytest.fixture
def provider_down(settings):
    settings.SMS_BACKEND = PROVIDER_DOWN
    Group.objects.get_or_create(name=roles.RIDER)
    return settings


def told(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_sign_up_with_the_provider_down_says_so_and_creates_nothing_then_works_once_it_is_back(client, provider_down, caplog):
    with caplog.at_level(logging.ERROR, logger="friendlystreet.sms.middleware"):
        response = client.post("/accounts/signup/", SIGNUP, follow=True)
    assert response.redirect_chain == [("/accounts/signup/", 302)]
    assert told(response) == [SMS_FAILED]
    assert not User.objects.filter(phone=NEW_PHONE).exists()
    assert not response.wsgi_request.user.is_authenticated
    (logged,) = [r.getMessage() for r in caplog.records if r.name == "friendlystreet.sms.middleware"]
    assert "SMS not sent (POST /accounts/signup/): provider unreachable" in logged and "13800000099" not in logged
    # Not signed in half-way either: the code page has no pending sign-up to verify.
    assert client.get("/accounts/phone/verify/").status_code == 302

    provider_down.SMS_BACKEND = "outbox"
    response = client.post("/accounts/signup/", SIGNUP)
    assert response["Location"] == "/accounts/phone/verify/"  # a new account, not "already exists"
    assert client.post("/accounts/phone/verify/", {"code": last_code(NEW_PHONE)}).status_code == 302
    assert User.objects.get(phone=NEW_PHONE).phone_verified


def test_in_english_the_message_is_english(client, provider_down):
    client.cookies["django_language"] = "en"
    response = client.post("/accounts/signup/", SIGNUP, follow=True)
    assert told(response) == ["The SMS could not be sent. Please try again later."]


@pytest.mark.parametrize("known", [True, False], ids=["a rider's number", "a number with no account"])
def test_a_sign_in_code_that_cannot_be_sent_is_a_message_on_the_same_page(client, provider_down, known):
    phone = RiderFactory().phone if known else NEW_PHONE
    response = client.post("/accounts/login/code/", {"phone": phone[3:]}, follow=True)
    assert response.redirect_chain == [("/accounts/login/code/", 302)]
    assert told(response) == [SMS_FAILED]
    assert not response.wsgi_request.user.is_authenticated


def test_a_password_sign_in_that_must_verify_the_number_first_says_so(client, provider_down):
    rider = RiderFactory(phone_verified=False)
    response = client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD}, follow=True)
    assert told(response) == [SMS_FAILED]
    assert not response.wsgi_request.user.is_authenticated


def test_a_change_of_number_whose_code_cannot_be_sent_keeps_the_old_number(client_for, provider_down):
    rider = RiderFactory(phone="+8613912340001")
    client = client_for(rider)
    response = client.post("/accounts/phone/change/", {"phone": "139 1234 0002"}, follow=True)
    assert response.redirect_chain == [("/accounts/phone/change/", 302)]
    assert told(response) == [SMS_FAILED]
    rider.refresh_from_db()
    assert (rider.phone, rider.phone_verified) == ("+8613912340001", True)


def test_the_app_signs_up_with_the_provider_down_gets_503_sms_failed_and_nothing_is_saved(client, provider_down):
    response = app_post(client, "/auth/signup", APP_SIGNUP)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json() == {"status": 503, "errors": [{"message": SMS_FAILED, "code": "sms_failed"}]}
    assert not User.objects.filter(phone=NEW_PHONE).exists()

    provider_down.SMS_BACKEND = "outbox"
    response = app_post(client, "/auth/signup", APP_SIGNUP)
    assert response.status_code == 401  # signed up; the number is verified next
    token = response.json()["meta"]["session_token"]
    assert app_post(client, "/auth/phone/verify", {"code": last_code(NEW_PHONE)}, token).status_code == 200


def test_the_app_asks_for_a_sign_in_code_with_the_provider_down_and_is_told_in_english(client, provider_down):
    rider = RiderFactory()
    response = client.post(
        f"{APP}/auth/code/request",
        {"phone": rider.phone},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 503
    assert response.json()["errors"] == [{"message": "The SMS could not be sent. Please try again later.", "code": "sms_failed"}]


def test_the_app_changes_the_number_with_the_provider_down_and_keeps_the_old_one(client, provider_down):
    rider = RiderFactory(phone="+8613912340001")
    token = app_post(client, "/auth/login", {"phone": rider.phone, "password": TEST_PASSWORD}).json()["meta"]["session_token"]
    response = app_post(client, "/account/phone", {"phone": "+8613912340002"}, token)
    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "sms_failed"
    rider.refresh_from_db()
    assert (rider.phone, rider.phone_verified) == ("+8613912340001", True)
    assert client.get("/api/v1/me/", headers={"X-Session-Token": token}).status_code == 200
