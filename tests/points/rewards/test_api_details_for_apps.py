"""What an app developer tripped over in the rewards and ledger API: `?status=` filters by the
status each voucher shows, a voucher that can no longer be used has no QR code, a voucher
says when it was cancelled or refunded, each passbook entry names its claim or voucher, and
the purchase's Idempotency-Key is documented as optional with what happens without it."""

from __future__ import annotations

from datetime import datetime

import pytest

from points import services as points_services
from points.rewards import services
from tests.points.factories import ClaimFactory
from tests.points.rewards.factories import backdate, issue

pytestmark = pytest.mark.django_db


def codes(response) -> set[str]:
    return {v["code"] for v in response.json()["results"]}


def test_the_status_filter_follows_the_status_shown(rich_rider, care_pack, api_for):
    usable = issue(rich_rider, care_pack)
    past = backdate(issue(rich_rider, care_pack), days=31)  # not yet refunded by the task
    api = api_for(rich_rider)

    assert codes(api.get("/api/v1/vouchers/?status=issued")) == {usable.code}
    expired = api.get("/api/v1/vouchers/?status=expired").json()["results"]
    assert [(v["code"], v["status"]) for v in expired] == [(past.code, "expired")]
    services.vouchers_expire_due()
    assert codes(api.get("/api/v1/vouchers/?status=expired")) == {past.code}
    assert codes(api.get("/api/v1/vouchers/?status=issued")) == {usable.code}


def test_a_voucher_that_cannot_be_used_has_no_qr_code(rich_rider, care_pack, merchant_b, api_for):
    usable = issue(rich_rider, care_pack)
    used = issue(rich_rider, care_pack)
    services.voucher_confirm(operator=merchant_b, code=used.code)
    cancelled = issue(rich_rider, care_pack)
    services.voucher_cancel(rider=rich_rider, code=cancelled.code)
    past = backdate(issue(rich_rider, care_pack), days=31)
    api = api_for(rich_rider)

    shown = {v["code"]: v["qr_svg_url"] for v in api.get("/api/v1/vouchers/").json()["results"]}
    assert shown[usable.code] == f"http://testserver/api/v1/vouchers/{usable.code}/qr.svg"
    assert api.get(shown[usable.code]).status_code == 200
    for voucher, status in ((used, "redeemed"), (cancelled, "cancelled"), (past, "expired")):
        assert shown[voucher.code] is None
        refused = api.get(f"/api/v1/vouchers/{voucher.code}/qr.svg", HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert refused.status_code == 404
        assert refused.json() == {
            "message": "该兑换券已不能使用，因此没有二维码。",
            "code": "no_qr_code",
            "fields": {},
            "status": status,
        }


def test_a_voucher_says_when_it_was_cancelled_or_refunded(rich_rider, care_pack, api_for):
    cancelled = issue(rich_rider, care_pack)
    services.voucher_cancel(rider=rich_rider, code=cancelled.code)
    past = backdate(issue(rich_rider, care_pack), days=31)
    api = api_for(rich_rider)

    assert api.get(f"/api/v1/vouchers/{past.code}/").json()["expired_at"] is None  # points on their way
    services.vouchers_expire_due()
    cancelled.refresh_from_db()
    past.refresh_from_db()
    one = api.get(f"/api/v1/vouchers/{cancelled.code}/").json()
    other = api.get(f"/api/v1/vouchers/{past.code}/").json()
    assert (datetime.fromisoformat(one["cancelled_at"]), one["expired_at"]) == (cancelled.cancelled_at, None)
    assert (datetime.fromisoformat(other["expired_at"]), other["cancelled_at"]) == (past.expired_at, None)


def test_each_passbook_entry_names_its_claim_or_voucher(rider, reviewer, care_pack, api_for):
    claim = points_services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, quantity=7))  # 70 points
    voucher = issue(rider, care_pack)  # 60 of them
    services.voucher_cancel(rider=rider, code=voucher.code)

    entries = api_for(rider).get("/api/v1/me/ledger/").json()["results"]

    assert [(e["kind"], e["claim"], e["voucher"]) for e in entries] == [
        ("refund", None, voucher.code),
        ("redeem", None, voucher.code),
        ("earn", claim.pk, None),
    ]


def test_the_schema_says_what_a_purchase_without_a_key_does(client):
    schema = client.get("/api/schema/?format=json").json()
    redeem = schema["paths"]["/api/v1/rewards/{id}/redeem/"]["post"]
    key = next(p for p in redeem["parameters"] if p["name"] == "Idempotency-Key")
    assert "Without it a retry buys again" in key["description"]
    voucher = schema["components"]["schemas"]["VoucherOutput"]["properties"]
    assert {"cancelled_at", "expired_at"} <= voucher.keys() and voucher["qr_svg_url"].get("nullable")
    entry = next(
        s
        for name, s in schema["components"]["schemas"].items()
        if "claim" in s.get("properties", {}) and "balance_after" in s["properties"]
    )
    assert {"claim", "voucher"} <= entry["properties"].keys()
