"""A rider sends a report (or a claim), goes Back, finds a field the browser did not refill,
sends, is refused, fills it in and sends again: still one report, one claim. The refused
page keeps the key it was posted with (friendlystreet.inputs.page_idempotency_key)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from points.models import Claim
from tests.points.factories import RuleFactory
from tests.volunteers.test_admin_review import NEW_REPORT, hidden, report_form_data
from volunteers.models import Report

pytestmark = pytest.mark.django_db


def test_back_refused_and_sent_again_is_still_one_report(rider, client_for):
    client = client_for(rider)
    key = hidden(client.get(NEW_REPORT).content.decode(), "idempotency_key")
    first = client.post(NEW_REPORT, report_form_data(key))

    # Back: the browser refilled all but the address, and reports.js put the key back.
    refused = client.post(NEW_REPORT, report_form_data(key, address=""))
    assert refused.status_code == 200
    assert hidden(refused.content.decode(), "idempotency_key") == key

    again = client.post(NEW_REPORT, report_form_data(hidden(refused.content.decode(), "idempotency_key")))

    assert again["Location"] == first["Location"]
    assert Report.objects.filter(reporter=rider).count() == 1


def test_a_refused_first_try_then_a_corrected_one_makes_the_report(rider, client_for):
    client = client_for(rider)
    key = hidden(client.get(NEW_REPORT).content.decode(), "idempotency_key")

    refused = client.post(NEW_REPORT, report_form_data(key, address=""))
    sent = client.post(NEW_REPORT, report_form_data(hidden(refused.content.decode(), "idempotency_key")))

    assert sent.status_code == 302
    assert Report.objects.filter(reporter=rider).count() == 1


def test_a_posted_key_that_is_not_one_gets_a_new_key(rider, client_for):
    client = client_for(rider)
    refused = client.post(NEW_REPORT, report_form_data("k" * 500, address=""))
    key = hidden(refused.content.decode(), "idempotency_key")
    assert key and key != "k" * 500 and len(key) <= 64


def test_back_refused_and_sent_again_is_still_one_claim(rider, client_for):
    rule = RuleFactory()
    client = client_for(rider)
    url = reverse("points:claim_new")
    key = hidden(client.get(url).content.decode(), "idempotency_key")
    data = {
        "rule": rule.pk,
        "quantity": "1",
        "occurred_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "description": "帮老人搬东西",
        "location": "",
        "idempotency_key": key,
    }
    first = client.post(url, data)

    refused = client.post(url, {**data, "occurred_at": ""})
    assert refused.status_code == 200
    again = client.post(url, {**data, "idempotency_key": hidden(refused.content.decode(), "idempotency_key")})

    assert first.status_code == again.status_code == 302 and again["Location"] == first["Location"]
    assert Claim.objects.filter(rider=rider).count() == 1
