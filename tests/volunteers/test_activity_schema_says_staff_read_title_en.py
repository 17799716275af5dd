"""An app developer reads the API schema to build the activity page of an organiser's app. GET
/api/v1/activities/{id}/ was declared as ActivityDetailOutput alone, but staff who run
activities get StaffActivityDetailOutput (efffa3e): `title` always the Chinese title, as they
write it, and `title_en` beside it. An app built from the schema would show an English-reading
organiser the Chinese title as if it were theirs, and never find the English one to edit. The
operation's answer now says so, and names the component, which PATCH already answers with; each
caller's answer has exactly the fields its component lists."""

from __future__ import annotations

import pytest

from tests.volunteers.factories import ActivityFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_schema_says_staff_who_run_activities_read_both_titles(client, api_for, reviewer, rider):
    schema = client.get("/api/schema/?format=json").json()
    answer = schema["paths"]["/api/v1/activities/{id}/"]["get"]["responses"]["200"]
    components = schema["components"]["schemas"]
    patrol = ActivityFactory(title="锦绣天府小区消防通道巡查", title_en="Fire-lane patrol")

    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ActivityDetailOutput"}
    assert "StaffActivityDetailOutput" in answer["description"] and "`title_en`" in answer["description"]
    assert "Chinese title" in answer["description"]
    staff_read = api_for(reviewer).get(f"/api/v1/activities/{patrol.pk}/", **EN).json()
    rider_read = api_for(rider).get(f"/api/v1/activities/{patrol.pk}/", **EN).json()
    assert set(staff_read) == set(components["StaffActivityDetailOutput"]["properties"])
    assert (staff_read["title"], staff_read["title_en"]) == ("锦绣天府小区消防通道巡查", "Fire-lane patrol")
    assert set(rider_read) == set(components["ActivityDetailOutput"]["properties"])
    assert rider_read["title"] == "Fire-lane patrol"
