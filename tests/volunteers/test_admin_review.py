"""The volunteers pages after an admin's and a reviewer's day with the demo: one story per
finding, told as the user met it.

1. A report is sent once: a double tap, Back and "send" again, two requests at once and an
   API retry with the same Idempotency-Key all make one report (the API's retry: 200, the
   same id).
2. The public list of resolved problems fits a phone (tests/browser/test_report_in_browser.py).
3. Staff answering a report: "post an update, keep the state" is offered and is the default,
   a final state is never pre-selected and asks first, a closed report says which state it
   is in; the nav and the page use one name.
4. The roster: "mark attended" asks first, naming the rider and the points; a cancelled
   activity says why.
5. The activity form's first section and the activity's length read as Chinese.
6. Check-in: staff sign up and check in a walk-in rider when a place is free (or over
   capacity when they say so), and move a waitlisted rider up into a free place.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from friendlystreet.audit.models import AuditEntry
from volunteers.models import Report, ReportUpdate
from volunteers.reports.services import report_submit

pytestmark = pytest.mark.django_db

NEW_REPORT = reverse("volunteers:report_new")
API_REPORTS = "/api/v1/reports/"


def hidden(html: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name} in the page"
    return match.group(1)


def report_form_data(key: str, **changes) -> dict:
    return {
        "category": "fire_lane",
        "description": "3号楼后消防通道被电动车堵住",
        "lat": "",
        "lng": "",
        "address": "成龙路168号3号楼后",
        "community": "",
        "idempotency_key": key,
        **changes,
    }


# --- 1. a report is sent once --------------------------------------------------------------------


def test_a_double_tap_on_send_makes_one_report_and_shows_it(rider, client_for):
    client = client_for(rider)
    page = client.get(NEW_REPORT)
    key = hidden(page.content.decode(), "idempotency_key")
    assert 'data-once="1"' in page.content.decode()

    first = client.post(NEW_REPORT, report_form_data(key))
    second = client.post(NEW_REPORT, report_form_data(key))  # the second tap, or Back and send again

    report = Report.objects.get(reporter=rider)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("volunteers:report_detail", args=[report.pk])
    assert ReportUpdate.objects.filter(report=report).count() == 1
    assert AuditEntry.objects.filter(action="volunteers.report_submitted").count() == 1


def test_each_rendering_of_the_form_is_a_new_report(rider, client_for):
    client = client_for(rider)
    for _ in range(2):
        key = hidden(client.get(NEW_REPORT).content.decode(), "idempotency_key")
        assert client.post(NEW_REPORT, report_form_data(key)).status_code == 302
    assert Report.objects.filter(reporter=rider).count() == 2


def test_the_same_key_of_another_rider_is_their_own_report(rider, other_rider):
    mine = report_submit(rider=rider, category="sanitation", description="垃圾", address="A", idempotency_key="k-1")
    theirs = report_submit(rider=other_rider, category="sanitation", description="垃圾", address="A", idempotency_key="k-1")
    assert mine.pk != theirs.pk and mine.created and theirs.created


def test_an_api_retry_with_the_same_idempotency_key_is_200_with_the_same_report(api_for, rider):
    api = api_for(rider)
    body = {"category": "sanitation", "description": "路口垃圾堆了三天", "address": "成龙路与迎晖路路口"}
    key = str(uuid.uuid4())

    first = api.post(API_REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    retry = api.post(API_REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    other = api.post(API_REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))

    assert first.status_code == 201, first.json()
    assert retry.status_code == 200
    assert retry.json()["id"] == first.json()["id"]
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert Report.objects.filter(reporter=rider).count() == 2


def test_an_idempotency_key_that_is_too_long_is_a_400_and_reports_nothing(api_for, rider):
    body = {"category": "sanitation", "description": "路口垃圾", "address": "成龙路"}
    response = api_for(rider).post(API_REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY="k" * 65)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert not Report.objects.exists()


def test_a_replay_is_answered_even_after_the_days_limit(rider, monkeypatch):
    from volunteers.reports import services

    monkeypatch.setattr(services, "MAX_PER_DAY", 1)
    first = report_submit(rider=rider, category="sanitation", description="垃圾", address="A", idempotency_key="same")
    again = report_submit(rider=rider, category="sanitation", description="垃圾", address="A", idempotency_key="same")
    assert again.pk == first.pk and again.created is False


@pytest.mark.postgres
@pytest.mark.services
def test_two_requests_with_the_same_key_at_once_make_one_report(postgres_db):
    from tests.concurrency import race
    from tests.factories import RiderFactory

    rider = RiderFactory()

    def send():
        return report_submit(
            rider=rider, category="fire_lane", description="消防通道被堵", address="成龙路168号", idempotency_key="tap-tap"
        )

    results = race(send, send)

    assert all(isinstance(r, Report) for r in results), results
    assert results[0].pk == results[1].pk
    assert sorted(r.created for r in results) == [False, True]
    assert Report.objects.filter(reporter=rider).count() == 1
