"""GET /api/v1/me/ answers exactly what its schema declares, so a typed client (generated from
/api/schema/) keeps the rider's balance and a partner operator's venues."""

from __future__ import annotations

import copy

import jsonschema
import pytest

from points import services
from tests.points.factories import ClaimFactory, RuleFactory
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db


def strict_me_schema(client) -> jsonschema.Validator:
    """The answer's schema component, strict: a key the schema does not declare is an error."""
    components = copy.deepcopy(client.get("/api/schema/?format=json").json()["components"])
    for name in ("MeViewOutput", "MeVenue"):
        components["schemas"][name]["additionalProperties"] = False
    for prop in components["schemas"]["MeViewOutput"]["properties"].values():
        if prop.pop("nullable", False):  # OpenAPI 3.0's null, as JSON Schema says it
            prop["type"] = [prop["type"], "null"]
    return jsonschema.Draft202012Validator({"$ref": "#/components/schemas/MeViewOutput", "components": components})


@pytest.fixture
def me_schema(client) -> jsonschema.Validator:
    return strict_me_schema(client)


def test_a_riders_me_answer_matches_the_schema_with_the_balance(api_for, rider, reviewer, me_schema):
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=RuleFactory(points=10)))

    me = api_for(rider).get("/api/v1/me/").json()

    me_schema.validate(me)
    assert me["balance"] == 10
    assert "venues" not in me
    # What PATCH /me/ sets reads back (empty until the rider fills in the profile).
    assert (me["platform"], me["work_type"], me["home_community"]) == (rider.platform, rider.work_type, None)


def test_a_partner_operators_me_answer_matches_the_schema_with_their_venues(api_for, merchant_a, me_schema):
    barber = VenueFactory(name="王师傅理发店", kind=VenueKind.MERCHANT)
    barber.operators.add(merchant_a)

    me = api_for(merchant_a).get("/api/v1/me/").json()

    me_schema.validate(me)
    assert me["venues"] == [{"id": barber.id, "name": "王师傅理发店", "kind": "merchant"}]
    assert me["balance"] == 0
    assert not {"platform", "work_type", "home_community"} & set(me)  # riders' profile only


def test_the_schema_declares_balance_for_everyone_and_venues_as_optional(client):
    me = client.get("/api/schema/?format=json").json()["components"]["schemas"]["MeViewOutput"]

    assert {"balance", "venues"} <= set(me["properties"])
    assert "balance" in me["required"] and "venues" not in me["required"]
    assert "0 for anyone who has never had points" in me["properties"]["balance"]["description"]
    assert "partner operators" in me["properties"]["venues"]["description"]


def test_an_undeclared_key_would_fail_the_check(me_schema):
    """The check above is strict: an answer with a key the schema lacks does not pass."""
    answer = {"id": 1, "display_name": "张小骑", "masked_phone": "138****0001", "roles": ["rider"]}
    answer |= {"verification": "verified", "balance": 0, "points": 3}
    with pytest.raises(jsonschema.ValidationError):
        me_schema.validate(answer)
