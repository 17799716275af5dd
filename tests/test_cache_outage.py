"""Redis (the cache) down: pages still answer. Every read is a miss, every write is dropped,
sessions come from the database, rate limits let the request through
(friendlystreet/cache_backends.py). `.ci/prod-check` does the same against a live server
whose Redis it stops for ten seconds."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import caches
from django.urls import reverse

from friendlystreet.cache_backends import ResilientRedisCache
from tests.factories import TEST_PASSWORD

# Port 1: nothing listens there, so every connection is refused at once.
DOWN = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "friendlystreet.cache_backends.ResilientRedisCache",
            "LOCATION": DOWN,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    assert isinstance(caches["default"], ResilientRedisCache)
    return caches["default"]


def test_an_unreachable_redis_behaves_as_an_empty_cache_and_says_so_once(redis_down, caplog):
    cache = redis_down
    with caplog.at_level(logging.WARNING, logger="friendlystreet.cache_backends"):
        cache.set("k", 1)
        assert cache.get("k") is None
        assert cache.get("k", "default") == "default"
        assert cache.get_many(["k", "j"]) == {}
        assert cache.add("k", 1) is True  # as if stored: a rate limit counts this as the first try
        with pytest.raises(ValueError):
            cache.incr("k")
        assert "k" not in cache
        assert cache.delete("k") is False
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        cache.delete_many(["a", "b"])
        assert cache.touch("k") is False
        assert cache.get_or_set("k", 5) == 5
    warnings = [r for r in caplog.records if r.name == "friendlystreet.cache_backends"]
    assert len(warnings) == 1  # one line per process and half-minute, not one per call
    assert "cache unreachable" in warnings[0].getMessage()


def test_a_signed_in_rider_still_sees_their_pages(redis_down, client_for, rider):
    client = client_for(rider)  # the session is written to the database; the cache write is dropped
    for name in ("home", "points:passbook", "landing", "venues:venue_list"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert response.wsgi_request.user == rider, name


def test_a_rider_can_sign_in_and_out(redis_down, client, rider):
    response = client.post(reverse("account_login"), {"login": rider.phone, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == rider
    client.post(reverse("account_logout"))
    assert not client.get(reverse("landing")).wsgi_request.user.is_authenticated
