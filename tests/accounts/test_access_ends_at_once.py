"""Nothing about a user's rights is kept beyond a request: a rider or a reviewer who is
deactivated, or loses their role, by a plain queryset update (no model signals) loses
access on their very next request, with Redis as the cache and the session store, as in
production."""

from __future__ import annotations

import os

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from rest_framework.test import APIClient

from friendlystreet.accounts import roles
from friendlystreet.accounts.models import User
from friendlystreet.settings_test import redis_of_this_process
from tests.conftest import port_open, require
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.services]

REDIS_URL = redis_of_this_process(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/4")


@pytest.fixture(autouse=True)
def redis_cache(settings):
    require(port_open("127.0.0.1", 6379), "Redis is not running on 127.0.0.1:6379 (../shared/services-start)")
    # the production backend (settings.py with REDIS_URL)
    settings.CACHES = {"default": {"BACKEND": "friendlystreet.cache_backends.ResilientRedisCache", "LOCATION": REDIS_URL}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    cache.clear()
    yield
    cache.clear()


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_a_rider_deactivated_by_a_queryset_update_is_refused_on_the_next_request(rider):
    browser = signed_in(rider)
    login = APIClient().post("/_allauth/app/v1/auth/login", {"phone": rider.phone, "password": TEST_PASSWORD}, format="json")
    app = APIClient(headers={"X-Session-Token": login.json()["meta"]["session_token"]})
    assert browser.get("/api/v1/me/").status_code == 200
    assert app.get("/api/v1/me/").status_code == 200
    assert browser.get("/points/claims/new/").status_code == 200

    User.objects.filter(pk=rider.pk).update(is_active=False)

    assert browser.get("/api/v1/me/").status_code == 401  # as to anyone not signed in
    assert app.get("/api/v1/me/").status_code == 401
    assert browser.get("/points/claims/new/")["Location"].startswith("/accounts/login/")


def test_a_reviewer_deactivated_by_a_queryset_update_leaves_the_staff_area_at_once(reviewer):
    browser = signed_in(reviewer)
    assert browser.get("/staff/").status_code == 200

    User.objects.filter(pk=reviewer.pk).update(is_active=False)

    assert browser.get("/staff/")["Location"].startswith("/accounts/login/")


def test_a_reviewer_taken_out_of_the_role_group_without_signals_loses_the_staff_area(reviewer):
    browser = signed_in(reviewer)
    assert browser.get("/staff/").status_code == 200

    User.groups.through.objects.filter(user=reviewer, group__name=roles.REVIEWER).delete()

    assert browser.get("/staff/").status_code == 403


def test_a_rider_taken_out_of_the_rider_group_without_signals_can_no_longer_claim(rider):
    browser = signed_in(rider)
    assert browser.get("/points/claims/new/").status_code == 200

    User.groups.through.objects.filter(user=rider, group=Group.objects.get(name=roles.RIDER)).delete()

    assert browser.get("/points/claims/new/").status_code == 403


def test_a_permission_taken_from_the_role_by_a_queryset_delete_counts_at_once(reviewer):
    browser = signed_in(reviewer)
    assert browser.get("/staff/").status_code == 200
    app_label, codename = roles.STAFF_AREA.split(".")

    Group.permissions.through.objects.filter(
        group__name=roles.REVIEWER, permission__codename=codename, permission__content_type__app_label=app_label
    ).delete()

    assert browser.get("/staff/").status_code == 403
