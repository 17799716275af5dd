"""At the event staff sign two walk-ins up over the capacity of a full activity (2 places, 2
signed up). The roster and the list of activities said 已报名 4 / 2 without a word that this is
over the capacity, which reads like a typo. Now they say so: 已报名 4 / 2 · 超出名额 2 人
(English: 4 / 2 signed up · 2 over capacity), before and after the activity is finished. An
activity within its capacity reads as before."""

from __future__ import annotations

import pytest

from tests.factories import RiderFactory
from tests.html import text_of
from tests.volunteers.factories import ActivityFactory, SignupFactory, started
from volunteers import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def overfilled(street_admin):
    activity = ActivityFactory(title="成龙路街道清洁", capacity=2)
    for _ in range(2):
        SignupFactory(activity=activity, rider=RiderFactory())
    for _ in range(2):
        services.checkin_walk_in(actor=street_admin, activity=activity, rider=RiderFactory(), over_capacity=True)
    return activity


def counts(html: str, testid: str) -> str:
    """The element's words, each run of spaces and line breaks read as one space."""
    return " ".join(text_of(html, testid).split())


def roster(activity) -> str:
    return f"/staff/activities/{activity.pk}/"


def test_the_roster_says_how_many_are_over_the_capacity(staff, overfilled):
    html = staff.get(roster(overfilled)).content.decode()

    assert counts(html, "roster-counts") == "已报名 4 / 2 · 超出名额 2 人 · 候补 0 人"


def test_the_list_of_activities_says_it_too(staff, overfilled):
    html = staff.get("/staff/activities/").content.decode()

    assert counts(html, "activity-counts") == "已报名 4 / 2 超出名额 2 人 0 人候补"


def test_a_finished_activitys_roster_still_says_it(staff, street_admin, overfilled):
    services.activity_finish(actor=street_admin, activity=started(overfilled))

    html = staff.get(roster(overfilled)).content.decode()

    assert counts(html, "roster-counts") == "已报名 4 / 2 · 超出名额 2 人"


def test_in_english(staff, overfilled):
    staff.cookies["django_language"] = "en"

    html = staff.get(roster(overfilled)).content.decode()

    assert counts(html, "roster-counts") == "4 / 2 signed up · 2 over capacity · 0 on the waitlist"


def test_an_activity_within_its_capacity_reads_as_before(staff, activity):
    SignupFactory(activity=activity, rider=RiderFactory())

    html = staff.get(roster(activity)).content.decode()

    assert counts(html, "roster-counts") == "已报名 1 / 10 · 剩余 9 · 候补 0 人"
    assert "超出名额" not in html
