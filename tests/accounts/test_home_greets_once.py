"""A rider signs in and lands on the home page, which greeted them twice: 欢迎回来，孙浩！ (or
欢迎，孙浩！ the first time) as a message, then 您好，孙浩 as its heading, one under the other.
The heading greets them now, once; a sign-in asked for by another page (a reward's, say) is
still greeted there by the message, where no heading names them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import last_code
from tests.factories import TEST_PASSWORD, RiderFactory
from tests.points.rewards.factories import RewardFactory

pytestmark = pytest.mark.django_db


def greetings(html: str, name: str) -> list[str]:
    """Every message and heading on the page that names the rider."""
    found = re.findall(r'<li class="msg [^"]*">(.*?)</li>', html, re.S) + re.findall(r"<h1>(.*?)</h1>", html, re.S)
    return [text for text in found if name in text]


def sign_in(client: Client, rider, **extra):
    data = {"login": rider.phone[3:], "password": TEST_PASSWORD, **extra}
    return client.post("/accounts/login/", data, follow=True)


def test_a_returning_rider_is_greeted_once_on_the_home_page():
    rider = RiderFactory(display_name="孙浩", last_login=timezone.now())

    response = sign_in(Client(), rider)

    assert response.request["PATH_INFO"] == "/home/"
    assert greetings(response.content.decode(), "孙浩") == ["您好，孙浩"]


def test_a_first_sign_in_by_code_is_greeted_once_too():
    rider = RiderFactory(display_name="孙浩")
    client = Client()
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})

    response = client.post("/accounts/login/code/confirm/", {"code": last_code(rider.phone)}, follow=True)

    assert response.request["PATH_INFO"] == "/home/"
    assert greetings(response.content.decode(), "孙浩") == ["您好，孙浩"]


def test_signing_in_from_a_reward_is_greeted_there():
    rider = RiderFactory(display_name="孙浩", last_login=timezone.now())
    reward = RewardFactory(title="免费快剪一次")

    response = sign_in(Client(), rider, next=f"/rewards/{reward.pk}/")

    assert response.request["PATH_INFO"] == f"/rewards/{reward.pk}/"
    assert greetings(response.content.decode(), "孙浩") == ["欢迎回来，孙浩！"]


def test_in_english():
    rider = RiderFactory(display_name="Hu Jun", last_login=timezone.now(), language="en")

    response = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), rider)

    assert greetings(response.content.decode(), "Hu Jun") == ["Hello, Hu Jun"]
