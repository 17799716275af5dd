"""A rider's app withdraws a tip and, after a timeout, sends the withdrawal again: the 409 says
the rider already took it back (not that the street office reviewed it, which never happened),
and the schema describes the `status` the body carries, as it does for a claim withdrawn twice."""

from __future__ import annotations

import pytest

from tests.venues.factories import CompoundFactory, TipFactory
from venues import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def tip(rider):
    return TipFactory(author=rider, compound=CompoundFactory(name="成龙锦苑"))


def withdraw(client, tip, language):
    return client.post(f"/api/v1/compounds/tips/{tip.pk}/withdraw/", HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize(
    ("language", "message"),
    [("zh-hans", "这条贴士您已经撤回了。"), ("en", "You have already withdrawn this tip.")],
)
def test_withdrawing_a_tip_twice_says_it_was_already_withdrawn(api_for, rider, tip, language, message):
    client = api_for(rider)
    assert withdraw(client, tip, language).status_code == 200

    again = withdraw(client, tip, language)

    assert again.status_code == 409
    assert again.json() == {"message": message, "code": "tip_not_pending", "fields": {}, "status": "retracted"}


def test_a_reviewed_tip_still_says_it_was_reviewed(api_for, rider, reviewer, tip):
    services.tip_approve(reviewer=reviewer, tip=tip)

    refused = withdraw(api_for(rider), tip, "zh-hans")

    assert refused.status_code == 409
    assert refused.json()["message"] == "这条贴士已经审核过，无法再撤回。"
    assert refused.json()["status"] == "approved"


def test_the_schema_describes_the_status_of_the_refusal(client):
    schema = client.get("/api/schema/?format=json").json()
    refusal = schema["paths"]["/api/v1/compounds/tips/{id}/withdraw/"]["post"]["responses"]["409"]

    assert "extra.status" not in refusal["description"]
    body = schema["components"]["schemas"][refusal["content"]["application/json"]["schema"]["$ref"].split("/")[-1]]
    assert body["properties"]["status"] == {"$ref": "#/components/schemas/TipStatusEnum"}
    assert "status" in body["required"]
