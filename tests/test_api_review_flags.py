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


def test_the_schema_tells_an_app_developer_the_words_of_every_flag(client):
    """Every yes/no query parameter is read by query_flag, and the schema says which words it
    takes (an empty value is no, not an error)."""
    from friendlystreet.api.params import FLAG_WORDS

    schema = client.get("/api/schema/?format=json").json()
    flags = {
        (path, p["name"]): p.get("description", "")
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p["schema"].get("type") == "boolean"
    }

    assert {name for _path, name in flags} == {"mine", "affordable", "open_now", "unread", "overdue", "grid"}
    assert all(description.endswith(f"({FLAG_WORDS})") for description in flags.values()), flags
