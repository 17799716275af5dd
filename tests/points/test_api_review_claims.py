"""An app developer builds the rider's claims on the API: a retried claim is answered once, a
key reused for another claim is refused as the reward purchase refuses it, refusals read
right in Chinese, codes come with their values and labels, and the schema says all of it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from points import services
from points.models import Claim
from tests.points.factories import ClaimFactory
from tests.points.rewards.factories import give_points

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def an_hour_ago() -> str:
    return (timezone.now() - timedelta(hours=1)).isoformat()


def component(schema: dict, ref: dict) -> dict:
    return schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


# --- Idempotency-Key: one rule for claims and purchases ------------------------------------------


def test_the_same_key_with_the_same_claim_answers_the_first_claim(api_for, rider, rule):
    """The app lost the answer on a bad connection and sends the very same claim again."""
    api = api_for(rider)
    body = {"rule": rule.pk, "occurred_at": an_hour_ago(), "description": "劝导闯红灯", "location": "成龙大道"}

    first = api.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="app-1")
    again = api.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="app-1")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Claim.objects.filter(rider=rider).count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"description": "另一件事"},
        {"location": "双桂路"},
        {"quantity": "2"},
        {"occurred_at": "earlier"},
        {"rule": "another"},
    ],
)
def test_the_same_key_with_another_claim_is_refused_with_422(api_for, rider, rule, change):
    """A client bug reuses a key: the rider's second claim must not vanish into the first."""
    api = api_for(rider)
    body = {"rule": rule.pk, "occurred_at": an_hour_ago(), "description": "劝导闯红灯", "location": "成龙大道"}
    assert api.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="app-2").status_code == 201
    other = dict(body, **change)
    if change.get("occurred_at"):
        other["occurred_at"] = (timezone.now() - timedelta(hours=3)).isoformat()
    if change.get("rule"):
        other["rule"] = ClaimFactory(rider=rider).rule.pk

    response = api.post("/api/v1/claims/", other, format="json", HTTP_IDEMPOTENCY_KEY="app-2", **ZH)

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert response.json()["message"] == "此申请已经提交过，内容与这次不同。如需再提交一份申请，请重新填写。"
    assert Claim.objects.filter(rider=rider, source_ref="app-2").count() == 1


def test_a_rider_who_changes_a_sent_form_and_sends_it_again_is_told_to_start_a_new_one(client_for, rider, rule):
    """Back after sending, another description, 提交 again: the first claim is not silently
    shown as if the change had been sent."""
    client = client_for(rider)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', client.get("/points/claims/new/").content.decode()).group(1)
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    form = {"rule": rule.pk, "quantity": "1", "occurred_at": when, "description": "早上劝导", "idempotency_key": key}
    assert client.post("/points/claims/new/", form).status_code == 302

    page = client.post("/points/claims/new/", {**form, "description": "下午劝导"})

    assert page.status_code == 200
    assert "此申请已经提交过，内容与这次不同。如需再提交一份申请，请重新填写。" in page.content.decode()
    assert list(Claim.objects.filter(rider=rider).values_list("description", flat=True)) == ["早上劝导"]


# --- refusals in words that fit ------------------------------------------------------------------


def test_withdrawing_a_claim_twice_says_it_was_already_withdrawn(api_for, rider, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    api = api_for(rider)
    assert api.post(f"/api/v1/claims/{claim.pk}/withdraw/", **ZH).status_code == 200

    again = api.post(f"/api/v1/claims/{claim.pk}/withdraw/", **ZH)

    assert again.status_code == 409
    assert again.json()["code"] == "claim_not_pending" and again.json()["status"] == "withdrawn"
    assert again.json()["message"] == "您已撤回此申请。"
    english = api.post(f"/api/v1/claims/{claim.pk}/withdraw/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["message"] == "You have already withdrawn this claim."


def test_withdrawing_a_reviewed_claim_names_what_the_review_decided(api_for, rider, reviewer, rule):
    approved = services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=rule))
    rejected = services.claim_reject(actor=reviewer, claim=ClaimFactory(rider=rider, rule=rule), reason="照片看不清")
    api = api_for(rider)

    assert api.post(f"/api/v1/claims/{approved.pk}/withdraw/", **ZH).json()["message"] == "此申请已审核（已通过），不能再撤回。"
    assert api.post(f"/api/v1/claims/{rejected.pk}/withdraw/", **ZH).json()["message"] == "此申请已审核（已驳回），不能再撤回。"
    approved.refresh_from_db()
    assert approved.status == Claim.Status.APPROVED


def test_a_claim_dated_in_the_future_says_the_time_cannot_be_later_than_now(api_for, rider, rule):
    tomorrow = (timezone.now() + timedelta(days=1)).isoformat()

    response = api_for(rider).post("/api/v1/claims/", {"rule": rule.pk, "occurred_at": tomorrow}, format="json", **ZH)

    assert response.status_code == 400
    assert response.json()["fields"]["occurred_at"] == ["发生时间不能晚于现在。"]
    assert not Claim.objects.exists()


# --- codes with their values and labels ------------------------------------------------------------


def test_a_claim_carries_its_status_label_in_the_callers_language(api_for, rider, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    api = api_for(rider)

    chinese = api.get(f"/api/v1/claims/{claim.pk}/", **ZH).json()
    english = api.get(f"/api/v1/claims/{claim.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert (chinese["status"], chinese["status_label"], chinese["source"]) == ("pending", "待审核", "rider")
    assert english["status_label"] == "Pending"
    listed = api.get("/api/v1/claims/", **ZH).json()["results"]
    assert [c["status_label"] for c in listed] == ["待审核"]


def test_the_passbook_and_the_rules_carry_labels_for_their_codes(api_for, client, rider, hourly_rule):
    give_points(rider, 50)

    entry = api_for(rider).get("/api/v1/me/ledger/", **ZH).json()["results"][0]
    rules = client.get("/api/v1/rules/", **ZH).json()

    assert (entry["kind"], entry["kind_label"]) == ("adjust", "人工调整")
    shown = next(r for r in rules if r["id"] == hourly_rule.pk)
    assert (shown["unit"], shown["unit_label"]) == ("hour", "每小时")


def test_the_schema_lists_the_values_of_each_code_under_its_own_name(schema):
    schemas = schema["components"]["schemas"]
    claim = schemas["ClaimOutput"]["properties"]

    assert component(schema, claim["status"])["enum"] == ["pending", "approved", "rejected", "withdrawn"]
    assert component(schema, claim["source"])["enum"] == ["rider", "activity", "report", "tip"]
    assert component(schema, schemas["MeLedgerApiOutput"]["properties"]["kind"])["enum"] == [
        *("earn", "redeem", "refund", "expire", "adjust")
    ]
    assert component(schema, schemas["RuleListApiOutput"]["properties"]["unit"])["enum"] == ["occurrence", "hour"]
    assert "status_label" in claim and "kind_label" in schemas["MeLedgerApiOutput"]["properties"]
    # The vouchers' enum keeps the name clients already use.
    assert schemas["VoucherOutput"]["properties"]["status"] == {"$ref": "#/components/schemas/StatusEnum"}


# --- the schema of the claim's form and its refusals ---------------------------------------------------


def test_the_schema_shows_claim_photos_as_files_with_their_limits(schema):
    photos = schema["components"]["schemas"]["ClaimListCreateApiInputRequest"]["properties"]["photos"]

    assert photos["items"] == {"type": "string", "format": "binary"}
    assert photos["description"] == "JPEG, PNG or WebP; at most 3, 8 MB each"


def test_the_schema_lists_the_refusals_of_a_new_claim_and_of_withdrawing(schema):
    create = schema["paths"]["/api/v1/claims/"]["post"]["responses"]
    withdraw = schema["paths"]["/api/v1/claims/{id}/withdraw/"]["post"]["responses"]

    assert "invalid_idempotency_key" in create["400"]["description"]
    assert "not_verified" in create["409"]["description"]
    assert "too_many_pending_claims" in create["409"]["description"]
    assert "idempotency_key_reused" in create["422"]["description"]
    refused = component(schema, withdraw["409"]["content"]["application/json"]["schema"])
    assert {"message", "code", "fields", "status"} <= set(refused["properties"])
    assert "claim_not_pending" in withdraw["409"]["description"]
