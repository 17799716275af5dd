"""A rider opens 我的活动 from a link or an app that writes `?mine=true`, and the list reads it as
the API reads `?mine=` (every flag of the site, read_flag): before, only `?mine=1` was "mine",
so `?mine=true` showed every activity as if the rider had signed up for none of them."""

from __future__ import annotations

import pytest

from tests.flags import JUNK, NO, YES
from tests.volunteers.factories import ActivityFactory, SignupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def joined_and_other(rider):
    joined = ActivityFactory(title="我报名的清洁活动")
    SignupFactory(activity=joined, rider=rider)
    return joined, ActivityFactory(title="别的义诊活动")


def in_the_app(api_for, rider, value: str) -> set[int]:
    response = api_for(rider).get("/api/v1/activities/", {"mine": value})
    assert response.status_code == 200, (value, response.content)
    return {a["id"] for a in response.json()["results"]}


def on_the_page(client_for, rider, joined_and_other, value: str) -> set[int]:
    response = client_for(rider).get("/activities/", {"mine": value})
    assert response.status_code == 200, value
    html = response.content.decode()
    return {a.pk for a in joined_and_other if a.title in html}


@pytest.mark.parametrize("value", YES)
def test_yes_lists_my_activities_in_the_app_and_on_the_page(api_for, client_for, rider, joined_and_other, value):
    joined, _other = joined_and_other

    assert in_the_app(api_for, rider, value) == {joined.pk} == on_the_page(client_for, rider, joined_and_other, value)
    assert "<h1>我的活动</h1>" in client_for(rider).get("/activities/", {"mine": value}).content.decode()


@pytest.mark.parametrize("value", NO)
def test_no_or_nothing_lists_every_upcoming_activity(api_for, client_for, rider, joined_and_other, value):
    everything = {a.pk for a in joined_and_other}

    assert in_the_app(api_for, rider, value) == everything == on_the_page(client_for, rider, joined_and_other, value)


def test_the_page_drops_a_mine_it_cannot_read(client_for, rider, joined_and_other):
    assert on_the_page(client_for, rider, joined_and_other, JUNK) == {a.pk for a in joined_and_other}
