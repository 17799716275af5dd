"""/healthz for monitoring (operator review #6), and what a Redis outage does now: it is
logged once when it starts and once when it ends (with the step it leaves), and the rate limits
go on counting in each process instead of letting every request through, so SMS codes cannot be
sprayed at strangers' numbers while the cache is down."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import Client

from friendlystreet.cache_backends import ResilientRedisCache
from friendlystreet.sms.models import OutboxMessage
from tests.conftest import port_open, require
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db

DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def resilient(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "friendlystreet.cache_backends.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }


@pytest.fixture
def redis_down(settings):
    settings.CACHES = resilient(DOWN)
    return caches["default"]


def test_all_well_is_200_with_the_release_and_nothing_personal(client, settings):
    settings.RELEASE = "09cb7bb"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "release": "09cb7bb",
        "checks": {"database": "ok", "cache": "ok", "broker": "not configured"},
        "queued_tasks": None,
    }
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie


def test_a_monitor_may_ask_as_often_as_it_likes_and_only_reads(client):
    assert all(client.get("/healthz").status_code == 200 for _ in range(40))
    assert client.post("/healthz").status_code == 405


def test_redis_down_is_a_503_that_names_the_cache(client, redis_down, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"] == {"database": "ok", "cache": "unreachable", "broker": "not configured"}
    assert any("healthz: database ok, cache unreachable" in r.getMessage() for r in caplog.records)


def test_a_broker_that_does_not_answer_is_a_503(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unreachable"
    assert response.json()["queued_tasks"] is None


@pytest.mark.services
def test_a_broker_that_answers_gives_its_queue_length(client, settings):
    require(port_open("127.0.0.1", 6379), "Redis is not running on 127.0.0.1:6379")
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"
    assert isinstance(response.json()["queued_tasks"], int)


def test_with_redis_down_a_number_still_gets_at_most_three_codes_a_minute(redis_down):
    rider = RiderFactory()
    # Five browsers (no shared session) ask for a code to the same number within the minute.
    answers = [Client().post("/accounts/login/code/", {"phone": rider.phone[3:]}) for _ in range(5)]
    assert [a.status_code for a in answers] == [302, 302, 302, 200, 200]
    assert "获取验证码太频繁，请 1 分钟后再试。" in answers[3].content.decode()
    assert OutboxMessage.objects.filter(phone=rider.phone).count() == 3


def test_with_redis_down_wrong_passwords_still_lock_the_number_for_a_while(client, redis_down):
    rider = RiderFactory()
    for _ in range(5):
        client.post("/accounts/login/", {"login": rider.phone[3:], "password": "wrong"})
    response = client.post("/accounts/login/", {"login": rider.phone[3:], "password": "wrong"})
    assert "登录失败次数过多" in " ".join(str(e) for e in response.context["form"].non_field_errors())


def test_an_outage_is_logged_when_it_starts_and_when_it_ends(settings, caplog):
    require(shutil.which("redis-server") is not None, "redis-server is not installed")
    port = free_port()
    settings.CACHES = resilient(f"redis://127.0.0.1:{port}/1")
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    with caplog.at_level(logging.WARNING, logger="friendlystreet.cache_backends"):
        for _ in range(20):
            assert cache.get("page") is None  # down: a miss, said once
        server = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        try:
            for _ in range(50):
                if port_open("127.0.0.1", port):
                    break
                time.sleep(0.1)
            cache.set("page", "rendered")
            assert cache.get("page") == "rendered"
        finally:
            server.terminate()
            server.wait(timeout=10)
    said = [r.getMessage() for r in caplog.records if r.name == "friendlystreet.cache_backends"]
    assert len(said) == 2, said
    assert said[0].startswith("cache unreachable (get:")
    assert said[1].startswith("cache reachable again after") and "redis-cli -n 1 flushdb" in said[1]
