"""An app serialises a missing form as JSON `null` and sends it: the 400 says what is wrong in
the rider's language, like every other error. DRF answered "No data provided", in English
whatever Accept-Language asked (its text is not in its catalogue)."""

from __future__ import annotations

import pytest

from tests.venues.factories import CompoundFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "zh-hans": "请求中没有任何字段：请以 JSON 对象发送。",
    "en": "The request has no fields: send them as a JSON object.",
}


@pytest.mark.parametrize("language", ANSWERS)
@pytest.mark.parametrize("address", ["/api/v1/claims/", "/api/v1/reports/", "compound tips"])
def test_a_null_body_is_refused_in_the_riders_language(api_for, rider, language, address):
    if address == "compound tips":
        address = f"/api/v1/compounds/{CompoundFactory().pk}/tips/"

    answer = api_for(rider).post(address, "null", content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)

    assert answer.status_code == 400
    assert answer.json() == {"message": ANSWERS[language], "code": "invalid", "fields": {}}


def test_an_empty_object_still_names_the_missing_fields(api_for, rider):
    answer = api_for(rider).post("/api/v1/claims/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert answer.status_code == 400
    assert answer.json()["message"] == "Some fields are not valid."
    assert set(answer.json()["fields"]) == {"rule", "occurred_at"}
