"""A rider checked in at an activity not yet ended finds it on their record page, as a line that
says it counts once the activity has ended (selectors.counted_attendance leaves it off the
record until then): before, the page said nothing about it, as if the check-in had not been
taken. The line is the rider's own, not the certificate's: it is not printed, nor on the public
check."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ReviewerFactory
from tests.volunteers.factories import ActivityFactory
from tests.volunteers.test_record_counts_ended_activities import checked_in_early  # noqa: F401  (fixture)
from volunteers import services
from volunteers.selectors import profile_of

pytestmark = pytest.mark.django_db

LINE = 'data-testid="record-pending">'


def pending_lines(html: str) -> list[str]:
    return [part.split("</p>")[0] for part in html.split(LINE)[1:]]


def test_the_issued_record_says_the_check_in_counts_once_the_activity_has_ended(client_for, rider, checked_in_early):  # noqa: F811
    page = client_for(rider).get(reverse("volunteers:record")).content.decode()

    assert 'class="vol-sheet"' in page  # the issued record
    assert pending_lines(page) == ["“探访独居老人（今日）”已签到，活动结束后计入记录。"]
    public = Client().get(reverse("volunteers:verify", args=[profile_of(rider).record_code])).content.decode()
    assert LINE not in public and "探访独居老人" not in public


def test_a_first_check_in_is_told_in_english_too(client_for, rider):
    rider.language = "en"
    rider.save(update_fields=["language"])
    today = ActivityFactory(title="Street clean-up")
    signup = services.signup_create(rider=rider, activity=today).signup
    services.checkin(actor=ReviewerFactory(), activity=today, token=services.checkin_token(signup))

    page = client_for(rider).get(reverse("volunteers:record"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'data-testid="record-nothing-yet"' in page  # nothing certified yet
    assert pending_lines(page) == [
        "You have checked in at “Street clean-up”; it counts on your record once the activity has ended."
    ]
