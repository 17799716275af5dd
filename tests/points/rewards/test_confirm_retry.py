"""A merchant app's confirm sent again (a retry after a timeout on a bad connection, a double
tap) answered 409 already_redeemed 请勿再次提供奖品 without saying who had confirmed it: the
counter turned away a rider who had paid. The API now answers as the web page does, by one
rule (services._settled): the operator's own confirmation of the last few minutes is ok
again, and any other use at the venue says when, where and by whom, and that nothing is left
to do. A look-up of a used voucher still warns."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points.models import Voucher
from tests.factories import PartnerFactory
from tests.html import text_of

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def confirm(api, code: str):
    return api.post(f"/api/v1/merchant/vouchers/{code}/redeem/", **ZH)


def web_confirm(client, code: str) -> str:
    """The web page's confirm: POST, redirect, GET; the verdict's message."""
    done = client.post("/redeem/confirm/", {"code": code}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    return client.get(done["Location"], HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def used_at(voucher) -> str:
    voucher.refresh_from_db()
    return timezone.localtime(voucher.redeemed_at).strftime("%Y-%m-%d %H:%M")


def test_an_apps_retried_confirm_is_ok_again_with_when_where_and_who(voucher, merchant_a, api_for):
    api = api_for(merchant_a)

    first = confirm(api, voucher.code)
    retry = confirm(api, voucher.display_code.lower())  # the first answer was lost

    assert first.status_code == 200 and first.json()["confirmed"] is True
    assert retry.status_code == 200
    body = retry.json()
    assert (body["result"], body["confirmed"], body["settled"]) == ("ok", True, True)
    assert body["message"] == "核销完成，请为骑手提供奖品。骑手已收到通知。"
    assert "请勿" not in body["message"]
    assert body["redeemed_by"] == "商家甲" and body["redeemed_venue"]["name"] == "王师傅理发店"
    assert body == first.json()  # the very answer the app did not get
    assert "code" not in body  # not an error
    # Used once: one audit entry, one notice to the rider.
    assert AuditEntry.objects.filter(action="points.voucher_redeemed").count() == 1
    assert Notification.objects.filter(kind="points_voucher_redeemed").count() == 1


def test_the_web_page_and_the_api_answer_a_repeated_confirm_alike(voucher, rich_rider, haircut, merchant_a, api_for, client_for):
    web, api = client_for(merchant_a), api_for(merchant_a)
    web_confirm(web, voucher.code)

    page = web_confirm(web, voucher.code)  # the web's repeat
    answer = confirm(api, voucher.code)  # the app's repeat

    assert 'data-result="ok"' in page and 'data-confirmed="1"' in page
    assert answer.json()["result"] == "ok" and text_of(page, "verdict-message") == answer.json()["message"]


def test_a_colleagues_confirm_a_moment_later_says_who_did_it_and_that_nothing_is_left(
    voucher, merchant_a, colleague, api_for, client_for
):
    confirm(api_for(merchant_a), voucher.code)

    answer = confirm(api_for(colleague), voucher.code)
    page = web_confirm(client_for(colleague), voucher.code)

    assert answer.status_code == 409
    body = answer.json()
    assert (body["result"], body["code"]) == ("already_redeemed", "already_redeemed")
    assert (body["settled"], body["confirmed"]) == (True, False)
    assert body["redeemed_by"] == "商家甲"
    assert body["message"] == f"商家甲 已于 {used_at(voucher)} 在王师傅理发店核销此券，无需再次核销。"
    assert "请勿再次提供奖品" not in body["message"]
    assert text_of(page, "verdict-message") == body["message"]


def test_the_operators_own_confirmation_long_ago_is_not_taken_for_a_retry(voucher, merchant_a, api_for, client_for):
    confirm(api_for(merchant_a), voucher.code)
    Voucher.objects.filter(pk=voucher.pk).update(redeemed_at=timezone.now() - timedelta(hours=2))

    answer = confirm(api_for(merchant_a), voucher.code)
    page = web_confirm(client_for(merchant_a), voucher.code)

    assert answer.status_code == 409 and answer.json()["result"] == "already_redeemed"
    assert answer.json()["message"] == f"您已于 {used_at(voucher)} 在王师傅理发店核销此券，无需再次核销。"
    assert text_of(page, "verdict-head") == "✓ 本店已核销" and text_of(page, "verdict-message") == answer.json()["message"]


def test_who_confirmed_is_shown_as_colleagues_see_each_other_a_masked_phone_without_a_name(voucher, barber, api_for):
    nameless = PartnerFactory(display_name="")
    barber.operators.add(nameless)
    confirm(api_for(nameless), voucher.code)
    Voucher.objects.filter(pk=voucher.pk).update(redeemed_at=timezone.now() - timedelta(hours=2))

    body = confirm(api_for(nameless), voucher.code).json()

    assert body["redeemed_by"] == nameless.masked_phone and re.fullmatch(r"1\d\d\*{4}\d{4}", body["redeemed_by"])
    assert nameless.phone not in str(body)


def test_a_look_up_of_a_used_voucher_still_warns_and_names_who_confirmed_it(voucher, merchant_a, api_for):
    api = api_for(merchant_a)
    confirm(api, voucher.code)

    looked = api.get(f"/api/v1/merchant/vouchers/{voucher.code}/", **ZH)

    assert looked.status_code == 409
    body = looked.json()
    assert body["result"] == "already_redeemed" and body["settled"] is False and body["confirmed"] is False
    assert "请勿再次提供奖品" in body["message"] and body["redeemed_by"] == "商家甲"


def test_an_unused_voucher_names_nobody(voucher, merchant_a, api_for):
    body = api_for(merchant_a).get(f"/api/v1/merchant/vouchers/{voucher.code}/").json()

    assert body["result"] == "ok" and body["confirmed"] is False and body["settled"] is False
    assert not {"redeemed_by", "redeemed_at", "redeemed_venue"} & body.keys()
