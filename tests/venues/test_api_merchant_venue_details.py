"""The barber's app changes his own venue's everyday details (phone, description, opening hours)
through the merchant API, as the details page does: the same service, the same trail, the
street office's fields untouched, and only for the venue he runs. The answer is what the
schema declares."""

from __future__ import annotations

import copy

import jsonschema
import pytest

from friendlystreet.audit.models import AuditEntry
from tests.venues.factories import VenueFactory
from venues import hours as h
from venues.models import Venue

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
SCHEMA_PATH = "/api/v1/merchant/venues/{id}/"


@pytest.fixture
def shop(merchant_a):
    venue = VenueFactory(
        name="王师傅理发店", phone="028-85551234", description="老店", hours="Mo-Fr 09:00-18:00", plaque_number="CLL-NX-2024-005"
    )
    venue.operators.add(merchant_a)
    return venue


def url(venue: Venue) -> str:
    return f"/api/v1/merchant/venues/{venue.pk}/"


@pytest.fixture
def answer_schema(client) -> jsonschema.Validator:
    """The 200 answer's schema as /api/schema/ declares it, strict: an undeclared key fails."""
    schema = client.get("/api/schema/?format=json").json()
    ref = schema["paths"][SCHEMA_PATH]["patch"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    components = copy.deepcopy(schema["components"])
    components["schemas"][ref.rsplit("/", 1)[1]]["additionalProperties"] = False
    return jsonschema.Draft202012Validator({"$ref": ref, "components": components})


def test_the_barbers_app_changes_his_phone_description_and_hours(api_for, shop, merchant_a, rider, answer_schema):
    response = api_for(merchant_a).patch(
        url(shop),
        {
            "phone": "13900000003",
            "description": "骑手理发八折，午后错峰通道。",
            "hours": [
                {"day": 0, "opens": "09:00", "closes": "21:00"},
                {"day": 4, "opens": "22:00", "closes": "02:00", "overnight": True},
            ],
            "hours_note": "节假日照常营业",
        },
        format="json",
        **ZH,
    )

    assert response.status_code == 200, response.json()
    assert response.json() == {
        "id": shop.pk,
        "name": "王师傅理发店",
        "phone": "13900000003",
        "description": "骑手理发八折，午后错峰通道。",
        "hours": [
            {"day": 0, "opens": "09:00", "closes": "21:00", "overnight": False},
            {"day": 4, "opens": "22:00", "closes": "02:00", "overnight": True},
        ],
        "hours_text": "星期一 09:00–21:00；星期二–星期四休息；星期五 22:00–次日02:00；星期六–星期日休息",
        "hours_note": "节假日照常营业",
    }
    answer_schema.validate(response.json())
    shop.refresh_from_db()
    assert (shop.phone, shop.hours_note) == ("13900000003", "节假日照常营业")
    assert shop.hour_ranges() == h.parse_hours("Mo 09:00-21:00; Fr 22:00-02:00+1")
    # Riders read the new details on the venue's public answer.
    assert api_for(rider).get(f"/api/v1/venues/{shop.pk}/").json()["phone"] == "13900000003"


def test_the_street_offices_trail_shows_who_changed_what(api_for, shop, merchant_a):
    api_for(merchant_a).patch(url(shop), {"phone": "13900000003"}, format="json")

    entry = AuditEntry.objects.get(action="venues.venue.update")
    assert entry.actor == merchant_a and entry.target_id == str(shop.pk)
    assert entry.data["changes"] == {"phone": ["028-85551234", "13900000003"]}


def test_only_the_fields_sent_change_and_an_empty_week_means_hours_not_given(api_for, shop, merchant_a):
    client = api_for(merchant_a)

    data = client.patch(url(shop), {"description": "新简介"}, format="json").json()
    assert (data["phone"], data["description"]) == ("028-85551234", "新简介")
    assert len(data["hours"]) == 5

    data = client.patch(url(shop), {"hours": []}, format="json").json()
    assert data["hours"] == [] and data["description"] == "新简介"
    shop.refresh_from_db()
    assert shop.hour_ranges() == [] and shop.open_status() is None


def test_what_only_the_street_office_changes_is_refused_naming_each_field(api_for, shop, merchant_a):
    # The app sent the name and the plaque with the phone; an answer of 200 (the fields dropped
    # in silence) told its developer the name had changed.
    body = {"name": "理发店", "kind": "station", "plaque_number": "X-1", "lat": 30.0, "active": False, "phone": "13900000003"}

    response = api_for(merchant_a).patch(url(shop), body, format="json", **ZH)

    assert response.status_code == 400, response.json()
    refused = (
        "合作商户只能修改场所的这些信息：phone, description, hours, hours_note。"
        "场所名称、类型、位置和授牌信息由街道办修改，如需更改请联系街道办。"
    )
    assert response.json() == {
        "message": "部分字段填写有误。",
        "code": "invalid",
        "fields": {name: [refused] for name in ("name", "kind", "plaque_number", "lat", "active")},
    }
    shop.refresh_from_db()
    assert (shop.name, shop.plaque_number, shop.active, shop.phone) == ("王师傅理发店", "CLL-NX-2024-005", True, "028-85551234")
    assert not AuditEntry.objects.filter(action="venues.venue.update").exists()


def test_a_refused_field_is_named_in_english_beside_an_invalid_one(api_for, shop, merchant_a):
    response = api_for(merchant_a).patch(url(shop), {"phone": "1" * 31, "notes": "x"}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"phone", "notes"}
    assert fields["notes"] == [
        "A partner operator may change only these details of a venue: phone, description, hours, hours_note. "
        "Its name, kind, place and plaque are changed by the street office: ask them."
    ]


def test_a_form_encoded_body_is_held_to_the_same_fields(api_for, shop, merchant_a):
    response = api_for(merchant_a).patch(url(shop), "phone=13900000003&name=X", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400 and set(response.json()["fields"]) == {"name"}
    shop.refresh_from_db()
    assert (shop.name, shop.phone) == ("王师傅理发店", "028-85551234")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"phone": "call me"}, "phone"),  # refused by the venue's own rule, in the service
        ({"phone": "1" * 31}, "phone"),
        ({"hours": [{"day": 0, "opens": "18:00", "closes": "08:00"}]}, "hours"),  # ends before it starts
        ({"hours": [{"day": 7, "opens": "08:00", "closes": "12:00"}]}, "hours"),
        ({"hours": [{"day": 0, "opens": "25:00", "closes": "26:00"}]}, "hours"),
        ({"hours_note": "x" * 201}, "hours_note"),
        ({"description": "见\x00面"}, "description"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_changes(api_for, shop, merchant_a, body, field):
    response = api_for(merchant_a).patch(url(shop), body, format="json", **ZH)

    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid" and field in response.json()["fields"]
    shop.refresh_from_db()
    assert (shop.phone, shop.description, shop.hours_note) == ("028-85551234", "老店", "")
    assert len(shop.hour_ranges()) == 5
    assert not AuditEntry.objects.filter(action="venues.venue.update").exists()


def test_the_clinics_operator_cannot_change_the_barbers_venue(api_for, shop, clinic, merchant_b):
    client = api_for(merchant_b)

    response = client.patch(url(shop), {"phone": "13900000003"}, format="json")

    assert response.status_code == 404 and response.json()["code"] == "not_found"
    shop.refresh_from_db()
    assert shop.phone == "028-85551234"
    assert client.patch(url(clinic), {"phone": "13900000004"}, format="json").status_code == 200  # her own


def test_a_rider_is_refused_and_an_anonymous_caller_asked_to_sign_in(api_for, shop, rider, reviewer):
    for user in (rider, reviewer):
        response = api_for(user).patch(url(shop), {"phone": "13900000003"}, format="json")
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    response = api_for(None).patch(url(shop), {"phone": "13900000003"}, format="json")
    assert response.status_code == 401
    shop.refresh_from_db()
    assert shop.phone == "028-85551234"


def test_the_schema_shows_the_fields_an_operator_may_send_and_the_answer(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"][SCHEMA_PATH]["patch"]
    components = schema["components"]["schemas"]

    assert operation["operationId"] == "merchant_venues_partial_update" and operation["tags"] == ["merchant"]
    request_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(components[request_ref]["properties"]) == {"phone", "description", "hours", "hours_note"}
    assert components[request_ref]["additionalProperties"] is False  # any other field is refused
    answer_ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(components[answer_ref]["properties"]) == {
        "id",
        "name",
        "phone",
        "description",
        "hours",
        "hours_text",
        "hours_note",
    }
    assert {"400", "401", "403", "404"} <= set(operation["responses"])
    assert "get" not in schema["paths"][SCHEMA_PATH]
