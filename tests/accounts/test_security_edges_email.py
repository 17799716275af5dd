"""The site uses no e-mail addresses (riders sign in by phone): allauth's app API refuses to add
one and to send a reset link, with a clear 400, and writes or sends nothing; the web's e-mail
page adds nothing either. Staff whose account has an address (set in the admin) still reset a
forgotten password by e-mail on the web, as before."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from friendlystreet.accounts.models import User
from tests.accounts.helpers import APP
from tests.factories import TEST_PASSWORD, ReviewerFactory

pytestmark = pytest.mark.django_db

REFUSED_ZH = "本站不使用电子邮箱，请用手机号登录。忘记密码？用短信验证码登录后设置新密码。"
REFUSED_EN = (
    "This site does not use e-mail addresses: sign in with your mobile number. Forgot your password? "
    "Sign in with an SMS code, then set a new password."
)


def app_token(client, user) -> str:
    response = client.post(f"{APP}/auth/login", {"phone": user.phone, "password": TEST_PASSWORD}, content_type="application/json")
    assert response.status_code == 200, response.json()
    return response.json()["meta"]["session_token"]


@pytest.fixture
def staffer(db):
    user = ReviewerFactory(display_name="审核员")
    EmailAddress.objects.create(user=user, email="reviewer@street.example", verified=True, primary=True)
    return user


@pytest.mark.parametrize(("language", "message"), [("zh-hans", REFUSED_ZH), ("en", REFUSED_EN)])
def test_an_app_cannot_add_an_email_address_to_a_rider(client, rider, language, message):
    token = app_token(client, rider)

    response = client.post(
        f"{APP}/account/email",
        {"email": "attacker@example.com"},
        content_type="application/json",
        headers={"X-Session-Token": token, "Accept-Language": language},
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [{"message": message, "code": "email_not_used", "param": "email"}]
    assert not EmailAddress.objects.exists()
    assert mail.outbox == []
    listed = client.get(f"{APP}/account/email", headers={"X-Session-Token": token})
    assert listed.json()["data"] == []


def test_the_app_sends_no_reset_link_even_to_a_staff_address(client, staffer):
    response = client.post(f"{APP}/auth/password/request", {"email": "reviewer@street.example"}, content_type="application/json")

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["code"], error["param"], error["message"]) == ("email_not_used", "email", REFUSED_ZH)
    assert mail.outbox == []


def test_the_app_answers_an_unknown_address_the_same(client):
    response = client.post(f"{APP}/auth/password/request", {"email": "nobody@example.com"}, content_type="application/json")

    assert response.status_code == 400
    assert [e["code"] for e in response.json()["errors"]] == ["email_not_used"]


def test_the_web_email_page_adds_nothing_and_the_profile_offers_no_address(client_for, rider):
    client = client_for(rider)

    response = client.post("/accounts/email/", {"email": "someone@example.com", "action_add": ""})

    assert response.status_code == 302 and response["Location"] == "/profile/"
    assert not EmailAddress.objects.exists()
    profile = client.get("/profile/").content.decode()
    assert 'type="email"' not in profile and "/accounts/email/" not in profile


def test_staff_still_reset_a_forgotten_password_by_email_on_the_web(client, staffer):
    response = client.post("/accounts/password/reset/", {"email": "reviewer@street.example"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/done/"

    (sent,) = mail.outbox
    assert sent.to == ["reviewer@street.example"]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", sent.body).group(1)
    form_page = client.get(link)
    assert form_page.status_code == 302  # allauth keeps the key in the session, off the address bar
    response = client.post(form_page["Location"], {"password1": "New-staff-pass-2027", "password2": "New-staff-pass-2027"})
    assert response.status_code == 302

    staffer.refresh_from_db()
    assert staffer.check_password("New-staff-pass-2027")
    signed_in = client.post("/accounts/login/", {"login": staffer.username, "password": "New-staff-pass-2027"})
    assert signed_in.status_code == 302
    assert User.objects.get(pk=staffer.pk).check_password("New-staff-pass-2027")
