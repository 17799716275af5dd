"""The pieces of allauth the site replaces (friendlystreet/accounts/views.py): the 429 page says how
long to wait (accounts review #5), riders have no e-mail page (#21), and the app's password login
takes a mainland number as riders type it (api review #7).

friendlystreet/urls.py mounts them in front of allauth's."""

from __future__ import annotations

import pytest

from tests.factories import TEST_PASSWORD, RiderFactory

pytestmark = pytest.mark.django_db

APP_LOGIN = "/_allauth/app/v1/auth/login"


# --- #5: the 429 page says how long --------------------------------------------------------


def test_a_rider_changing_numbers_too_often_is_told_to_wait_ten_minutes(client_for, rider):
    client = client_for(rider)
    for _ in range(3):
        client.post("/accounts/phone/change/", {"phone": "123"})

    response = client.post("/accounts/phone/change/", {"phone": "13912340002"})

    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    page = response.content.decode()
    assert "您的操作太频繁了，请 10 分钟后再试。" in page
    assert 'href="/accounts/phone/change/"' in page and "返回原页面" in page


def test_a_password_changed_too_often_is_a_minutes_wait(client_for, rider):
    client = client_for(rider)
    for _ in range(5):
        client.post("/accounts/password/change/", {"oldpassword": "wrong"})

    response = client.post("/accounts/password/change/", {"oldpassword": "wrong"})

    assert response.status_code == 429
    assert "请 1 分钟后再试。" in response.content.decode()


def test_the_english_page_says_it_in_english(client_for, rider):
    client = client_for(rider)
    client.cookies["django_language"] = "en"
    for _ in range(3):
        client.post("/accounts/phone/change/", {"phone": "123"})

    page = client.post("/accounts/phone/change/", {"phone": "13912340002"}).content.decode()

    assert "You did this too often. Please try again in 10 minutes." in page


# --- #21: no e-mail page for riders ---------------------------------------------------------


def test_the_email_page_leads_to_the_profile(client_for, rider):
    response = client_for(rider).get("/accounts/email/")

    assert response.status_code == 302 and response["Location"] == "/profile/"


# --- api #7: the app's login takes the number as riders type it -----------------------------


@pytest.mark.parametrize("typed", ["13800000006", "138 0000 0006", "+8613800000006"])
def test_the_app_signs_in_with_the_number_as_typed(client, typed):
    rider = RiderFactory(phone="+8613800000006")

    response = client.post(APP_LOGIN, {"phone": typed, "password": TEST_PASSWORD}, content_type="application/json")

    assert response.status_code == 200, response.json()
    assert response.json()["data"]["user"]["id"] == rider.id
    assert response.json()["meta"]["session_token"]


def test_a_number_that_is_not_a_mainland_mobile_is_refused_with_a_mainland_example(client):
    response = client.post(APP_LOGIN, {"phone": "12345", "password": TEST_PASSWORD}, content_type="application/json")

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["param"] == "phone" and error["code"] == "invalid_phone"
    assert "13800000001" in error["message"] and "+1" not in error["message"]


def test_a_wrong_password_in_the_app_is_refused_in_the_sites_words(client):
    RiderFactory(phone="+8613800000006")

    response = client.post(APP_LOGIN, {"phone": "13800000006", "password": "a-wrong-guess"}, content_type="application/json")

    assert response.status_code == 400
    assert [e["message"] for e in response.json()["errors"]] == ["手机号或密码不正确。"]
