"""An app developer who sends `?mine=yes please` or `?affordable=ture` is told which parameter
is wrong (400, as `?unread=` always said), instead of getting every activity or every reward
as if the flag were off."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/activities/?mine=ture", "/api/v1/rewards/?affordable=ture"])
def test_a_flag_it_cannot_read_is_a_400_naming_it(api_for, rider, url):
    response = api_for(rider).get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    name = url.split("?")[1].split("=")[0]
    assert response.json()["fields"] == {name: ["Must be a valid boolean."]}


@pytest.mark.parametrize("value", ["1", "true", "yes", "on", "True"])
def test_the_usual_ways_of_saying_yes_still_work(api_for, rider, value):
    assert api_for(rider).get(f"/api/v1/activities/?mine={value}").status_code == 200
    assert api_for(rider).get(f"/api/v1/rewards/?affordable={value}").status_code == 200
