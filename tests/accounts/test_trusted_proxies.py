"""Behind our proxy (nginx) every client has the proxy's address: allauth's per-address
limits count each client by the X-Forwarded-For hop the proxy appended, and only when
TRUSTED_PROXY_COUNT says there is a proxy; otherwise the header, which anyone can send,
is ignored."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
LOGIN = "/_allauth/app/v1/auth/login"


def log_in(client, phone: str, password: str, forwarded_for: str):
    return client.post(
        LOGIN,
        {"phone": phone, "password": password},
        content_type="application/json",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def refused_for_too_many_failures(response) -> bool:
    return response.status_code == 400 and [e["code"] for e in response.json()["errors"]] == ["too_many_login_attempts"]


def guess_ten_times(client, forwarded_for: str) -> None:
    # Ten different numbers, so that only the per-address limit (10 a minute) is reached.
    for n in range(10):
        response = log_in(client, f"+861390000{n:04d}", "guess", forwarded_for)
        assert response.status_code == 400


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, rider, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    guess_ten_times(client, "203.0.113.7")

    # Another header value from the same address is the same client: refused.
    assert refused_for_too_many_failures(log_in(client, rider.phone, TEST_PASSWORD, "198.51.100.9"))


def test_behind_one_proxy_two_clients_are_counted_apart(client, rider, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    guess_ten_times(client, "203.0.113.7")
    assert refused_for_too_many_failures(log_in(client, rider.phone, TEST_PASSWORD, "203.0.113.7"))

    # The proxy appends the client's address; what a client sent before it is not trusted.
    response = log_in(client, rider.phone, TEST_PASSWORD, "203.0.113.7, 198.51.100.9")
    assert response.status_code == 200, response.json()


def test_drf_trusts_as_many_proxies_as_allauth():
    assert django_settings.REST_FRAMEWORK["NUM_PROXIES"] == django_settings.ALLAUTH_TRUSTED_PROXY_COUNT
