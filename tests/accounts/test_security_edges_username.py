"""A rider's username is made of their number at sign-up (rider13912340001), and a username signs
in too (ACCOUNT_LOGIN_METHODS has "username"). After a change of number, through the web or the
app, the old number no longer signs in in any way: not as typed, not as the username made of it,
not by the web form nor by allauth's app API. And the number's next holder can sign up with it
(this was a 500: the username made of it was taken)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from friendlystreet.accounts import roles
from friendlystreet.accounts.models import User
from friendlystreet.sms.models import OutboxMessage
from tests.accounts import helpers
from tests.accounts.helpers import app_post, last_code
from tests.factories import TEST_PASSWORD, RiderFactory

pytestmark = pytest.mark.django_db

OLD = "+8613912340001"
NEW = "+8613912340002"


@pytest.fixture
def wang(db):
    # As sign-up names a rider (AccountAdapter.populate_username).
    return RiderFactory(display_name="王小明", phone=OLD, username="rider13912340001")


def change_on_the_web(user) -> None:
    client = Client()
    assert client.post("/accounts/login/", {"login": "13912340001", "password": TEST_PASSWORD}).status_code == 302
    assert client.post("/accounts/phone/change/", {"phone": "13912340002"})["Location"] == "/accounts/phone/verify/"
    assert client.post("/accounts/phone/verify/", {"code": last_code(NEW)}).status_code == 302


def change_in_the_app(user) -> None:
    client = Client()
    token = app_post(client, "/auth/login", {"phone": "13912340001", "password": TEST_PASSWORD}).json()["meta"]["session_token"]
    assert app_post(client, "/account/phone", {"phone": NEW}, token).status_code == 202
    response = app_post(client, "/auth/phone/verify", {"code": last_code(NEW)}, token)
    assert response.status_code == 200, response.json()
    assert response.json()["data"]["user"]["username"] != "rider13912340001"


@pytest.mark.parametrize("change", [change_on_the_web, change_in_the_app], ids=["web", "app"])
def test_the_old_number_signs_in_nowhere_after_a_change(wang, change):
    change(wang)

    wang.refresh_from_db()
    assert wang.phone == NEW
    assert "13912340001" not in wang.username
    for typed in ("13912340001", "+8613912340001", "rider13912340001"):
        refused = Client().post("/accounts/login/", {"login": typed, "password": TEST_PASSWORD})
        assert refused.status_code == 200, typed
        assert "不正确" in refused.content.decode()
    for credentials in ({"phone": OLD}, {"username": "rider13912340001"}, {"username": "13912340001"}):
        refused = app_post(Client(), "/auth/login", {**credentials, "password": TEST_PASSWORD})
        assert refused.status_code == 400, credentials
        assert "meta" not in refused.json()
    # By SMS code: the old number gets no code.
    Client().post("/accounts/login/code/", {"phone": "13912340001"})
    assert not re.search(r"\b\d{6}\b", OutboxMessage.objects.filter(phone=OLD).order_by("-id").first().text)

    # The new number, and the account's new username, do sign in.
    assert Client().post("/accounts/login/", {"login": "13912340002", "password": TEST_PASSWORD}).status_code == 302
    assert Client().post("/accounts/login/", {"login": wang.username, "password": TEST_PASSWORD}).status_code == 302
    assert app_post(Client(), "/auth/login", {"phone": NEW, "password": TEST_PASSWORD}).status_code == 200


def test_a_staff_chosen_username_stays_when_the_number_changes(client):
    partner = RiderFactory(username="barber-li", phone=OLD)
    change_on_the_web(partner)

    partner.refresh_from_db()
    assert (partner.username, partner.phone) == ("barber-li", NEW)


SIGNUP = {**helpers.SIGNUP, "display_name": "新骑手"}


def test_the_old_numbers_next_holder_signs_up_on_the_web(client, wang):
    Group.objects.get_or_create(name=roles.RIDER)
    change_on_the_web(wang)

    response = client.post("/accounts/signup/", {**SIGNUP, "phone": "13912340001"})

    assert response.status_code == 302, response.content.decode()[:500]
    newcomer = User.objects.get(phone=OLD)
    assert newcomer.pk != wang.pk and newcomer.username == "rider13912340001"


def test_a_username_left_by_an_earlier_change_does_not_stop_a_sign_up_in_the_app(client):
    # An account that changed its number before usernames followed the number.
    earlier = RiderFactory(username="rider13912340001", phone="+8613912349999")
    Group.objects.get_or_create(name=roles.RIDER)

    response = app_post(client, "/auth/signup", {**helpers.APP_SIGNUP, "phone": "13912340001", "display_name": "新骑手"})

    assert response.status_code == 401, response.json()  # signed up; the phone is verified next
    newcomer = User.objects.get(phone=OLD)
    assert newcomer.username.startswith("rider13912340001") and newcomer.username != earlier.username
