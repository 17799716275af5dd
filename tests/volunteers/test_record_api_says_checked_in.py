"""An app's volunteer record (/api/v1/me/volunteer-record/) says what the record page says of a
check-in at an activity not yet ended (89262ef): the rider checked in, and it counts once the
activity has ended. Before, the answer left the check-in out altogether (the record counts it
only once the activity has ended, b9e0009), and an app showed nothing after the rider had
checked in. The same check-ins as the page (selectors.volunteer_record), apart from the record:
`pending_check_ins`, each with the page's sentence in the caller's language."""

from __future__ import annotations

import copy
from datetime import timedelta

import jsonschema
import pytest
from django.utils import timezone

from tests.factories import ReviewerFactory
from tests.volunteers.factories import ActivityFactory, started
from tests.volunteers.test_record_counts_ended_activities import checked_in_early  # noqa: F401  (fixture)
from volunteers import services

pytestmark = pytest.mark.django_db

RECORD = "/api/v1/me/volunteer-record/"


def when(value) -> str:
    return timezone.localtime(value).isoformat()


def test_a_rider_checked_in_early_reads_it_beside_the_record(api_for, rider, checked_in_early):  # noqa: F811
    body = api_for(rider).get(RECORD, HTTP_ACCEPT_LANGUAGE="zh-hans").json()

    today = checked_in_early
    assert [a["title"] for a in body["activities"]] == ["敬老院探访"]  # the record: last week's only
    assert body["hours"] == "1.5"
    assert body["pending_check_ins"] == [
        {
            "id": today.pk,
            "title": "探访独居老人（今日）",
            "starts_at": when(today.starts_at),
            "ends_at": when(today.ends_at),
            "text": "“探访独居老人（今日）”已签到，活动结束后计入记录。",
        }
    ]


def test_in_english_the_line_is_the_pages_english_one(api_for, rider):
    today = ActivityFactory(title="Street clean-up")
    signup = services.signup_create(rider=rider, activity=today).signup
    services.checkin(actor=ReviewerFactory(), activity=today, token=services.checkin_token(signup))

    body = api_for(rider).get(RECORD, HTTP_ACCEPT_LANGUAGE="en").json()

    assert body["activities"] == []
    assert [c["text"] for c in body["pending_check_ins"]] == [
        "You have checked in at “Street clean-up”; it counts on your record once the activity has ended."
    ]


def test_once_the_activity_has_ended_it_is_on_the_record_and_no_longer_pending(api_for, rider, checked_in_early):  # noqa: F811
    started(checked_in_early, ago=timedelta(hours=2, minutes=1))  # ended a minute ago

    body = api_for(rider).get(RECORD).json()

    assert [a["title"] for a in body["activities"]] == ["敬老院探访", "探访独居老人（今日）"]
    assert body["pending_check_ins"] == []


def test_signed_up_but_not_checked_in_is_not_pending(api_for, rider):
    services.signup_create(rider=rider, activity=ActivityFactory())

    assert api_for(rider).get(RECORD).json()["pending_check_ins"] == []


def test_the_answer_is_what_the_schema_declares(api_for, client, rider, checked_in_early):  # noqa: F811
    components = copy.deepcopy(client.get("/api/schema/?format=json").json()["components"])
    for name in ("MyVolunteerRecordApiOutput", "PendingCheckIn"):
        components["schemas"][name]["additionalProperties"] = False  # strict: no key it does not declare
    schema = jsonschema.Draft202012Validator(
        {"$ref": "#/components/schemas/MyVolunteerRecordApiOutput", "components": components}
    )

    body = api_for(rider).get(RECORD).json()

    schema.validate(body)
    assert "pending_check_ins" in components["schemas"]["MyVolunteerRecordApiOutput"]["required"]
    assert len(body["pending_check_ins"]) == 1
