"""Rotating SECRET_KEY (operator review #9): with the old key in SECRET_KEY_FALLBACKS (read from
the environment), nobody is signed out, in the browser or in the app, and a rider's check-in QR
code made before still checks them in. Once the old key leaves the list, both end: what
deploy/README.md, "Rotating secrets", tells the operator to expect."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import TEST_PASSWORD, RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory, started
from volunteers import services

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
OLD = "the-old-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOP"
NEW = "the-new-key-9876543210-zyxwvutsrqponmlkjihgfedcba-PONMLKJIHGFEDCBA"


def test_the_fallbacks_are_read_from_the_environment():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DEBUG="True", SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=f"{OLD},older-key")
    env["DJANGO_SETTINGS_MODULE"] = "friendlystreet.settings"
    code = "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == f"['{OLD}', 'older-key']", result.stderr


@pytest.fixture
def signed_in(settings, client):
    """A rider signed in on the web and in the app under the old key."""
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = OLD, []
    rider = RiderFactory()
    assert client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD}).status_code == 302
    app = client.__class__()
    response = app.post(
        "/_allauth/app/v1/auth/login", {"phone": rider.phone, "password": TEST_PASSWORD}, content_type="application/json"
    )
    return rider, response.json()["meta"]["session_token"]


def test_with_the_old_key_as_a_fallback_nobody_is_signed_out(settings, client, signed_in):
    rider, token = signed_in
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD]
    assert client.get("/home/").wsgi_request.user == rider
    assert client.get("/api/v1/me/", headers={"X-Session-Token": token}).status_code == 200


def test_without_it_every_session_ends(settings, client, signed_in):
    _rider, token = signed_in
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, []
    assert not client.get("/home/").wsgi_request.user.is_authenticated
    assert client.get("/api/v1/me/", headers={"X-Session-Token": token}).status_code == 401


def test_a_check_in_qr_code_made_with_the_old_key_works_while_it_is_a_fallback(settings, api_for, reviewer, rider):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = OLD, []
    activity = ActivityFactory(capacity=10)
    token = services.checkin_token(SignupFactory(activity=activity, rider=rider))
    started(activity)
    url = f"/api/v1/activities/{activity.pk}/checkin/"

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, []
    staff = api_for(reviewer)  # signed in under the new key
    assert staff.post(url, {"token": token}, format="json").json()["result"] == "unknown_code"
    settings.SECRET_KEY_FALLBACKS = [OLD]
    assert staff.post(url, {"token": token}, format="json").json()["result"] == "ok"
