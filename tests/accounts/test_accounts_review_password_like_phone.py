"""A password made of the rider's own number is refused, and in words a rider knows (accounts
review, December 2026): at sign-up "13900000101x" passed (allauth checks the password against a
stand-in user with no number yet), and on 修改密码 it was refused as "密码跟 用户名 太相似了",
a username riders never see (theirs is made of the number)."""

from __future__ import annotations

import pytest

from friendlystreet.accounts.models import User
from friendlystreet.accounts.phones import rider_username
from tests.accounts import helpers
from tests.factories import TEST_PASSWORD, RiderFactory

pytestmark = pytest.mark.django_db

LIKE_PHONE_ZH = "密码与您的手机号太相似。"
LIKE_PHONE_EN = "This password is too similar to your mobile number."


def sign_up(client, password: str, **headers):
    return client.post(
        "/accounts/signup/",
        {**helpers.SIGNUP, "phone": "+86 139 0000 0101", "password1": password, "password2": password},
        **headers,
    )


@pytest.mark.parametrize("password", ["13900000101x", "my13900000101", "1390000010"])
def test_signing_up_with_a_password_made_of_the_number_is_refused(client, password):
    response = sign_up(client, password)

    assert response.status_code == 200
    assert LIKE_PHONE_ZH in response.content.decode()
    assert not User.objects.filter(phone="+8613900000101").exists()


def test_the_refusal_reads_in_english_too(client):
    response = sign_up(client, "13900000101x", HTTP_ACCEPT_LANGUAGE="en")

    assert LIKE_PHONE_EN in response.content.decode()


def test_a_password_unlike_the_number_still_signs_up(client):
    response = sign_up(client, "a-Strong-pass-2026")

    assert response.status_code == 302
    assert User.objects.filter(phone="+8613900000101").exists()


def test_the_app_sign_up_refuses_it_too(client):
    response = helpers.app_post(
        client, "/auth/signup", {**helpers.APP_SIGNUP, "phone": "+8613900000101", "password": "13900000101x"}
    )

    assert response.status_code == 400
    assert any(e.get("param") == "password" for e in response.json()["errors"]), response.json()
    assert not User.objects.filter(phone="+8613900000101").exists()


def test_changing_to_a_password_like_the_number_names_the_number_not_a_username(client_for):
    rider = RiderFactory(phone="+8613900000102", username=rider_username("+8613900000102"))

    response = client_for(rider).post(
        "/accounts/password/change/",
        {"oldpassword": TEST_PASSWORD, "password1": "13900000102a", "password2": "13900000102a"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count(LIKE_PHONE_ZH) == 1
    assert "用户名" not in page.split("<main", 1)[1]
    rider.refresh_from_db()
    assert rider.check_password(TEST_PASSWORD)
