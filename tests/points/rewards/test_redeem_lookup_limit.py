"""The counter's guard against guessed codes, as the partner operator meets it (desk review,
finding 1: twenty unknown codes paused every look-up for ten minutes, real codes included,
with no warning and nothing to do meanwhile). Now: failed look-ups per operator account per
two minutes; from half of them on, the answer says how many tries are left and to scan the
rider's QR; the last one says the pause has begun, how long it lasts (at most two minutes)
and what to do meanwhile; a code that cannot be one (the API's too) is no failed look-up."""

from __future__ import annotations

from html import unescape
from types import SimpleNamespace

import pytest

from tests.html import text_of

pytestmark = pytest.mark.django_db

# 30 s into a two-minute window of the limiter's clock: 90 s of it are left.
START = 120 * 14_500_000 + 30


@pytest.fixture
def clock(monkeypatch):
    now = [START]
    monkeypatch.setattr("friendlystreet.ratelimit.time", SimpleNamespace(time=lambda: now[0]))
    return now


def unknown(i: int) -> str:
    # Well-formed codes no voucher has (2…9 and A… at the end): looked up, not found.
    return f"ABCD-EFGH-JK{'23456789ABCDEFGH'[i // 16]}{'23456789ABCDEFGH'[i % 16]}"


def test_the_counter_is_told_the_tries_left_then_what_to_do_and_waits_at_most_two_minutes(voucher, merchant_a, client_for, clock):
    client = client_for(merchant_a)
    messages = []
    for i in range(10):
        response = client.post("/redeem/lookup/", {"code": unknown(i)})
        assert response.status_code == 404
        messages.append(text_of(response.content.decode(), "verdict-message"))

    # The first few typos are only "not found": no talk of limits at a normal counter.
    assert all(m == "没有这个券码的兑换券，请与骑手核对券码后重新输入。" for m in messages[:4])
    # From half of the ten on, the tries left, and the way that is never mistyped.
    assert messages[4] == (
        "没有这个券码的兑换券，请与骑手核对券码后重新输入。还可以再试 5 次，之后查询会暂停，有效券码也要等。"
        "请扫描骑手手机上的二维码，扫码不会输错。"
    )
    assert "还可以再试 1 次" in messages[8]
    # The tenth: the pause has begun, for the rest of the two minutes, and what to do now.
    assert "查询已暂停" in messages[9] and "请 2 分钟后再试" in messages[9]
    for words in ("“我的兑换券”", "扫描券上的二维码", "兑换券仍然有效", "请联系街道办"):
        assert words in messages[9]

    # The rider's real code waits too (an answer would tell a guesser which codes exist) ...
    waiting = client.post("/redeem/lookup/", {"code": voucher.code})
    html = waiting.content.decode()
    assert waiting.status_code == 429 and waiting["Retry-After"] == "90"
    assert text_of(html, "verdict-head") == "查询过于频繁"
    assert "请 2 分钟后再试" in text_of(html, "verdict-message") and "请联系街道办" in text_of(html, "verdict-message")
    assert f'value="{voucher.display_code}"' in html  # still in the box, to send again

    # ... for at most the rest of the two minutes, not ten.
    clock[0] += 90
    served = client.post("/redeem/lookup/", {"code": voucher.code})
    assert served.status_code == 200 and 'data-result="ok"' in served.content.decode()


def test_the_same_in_english(merchant_a, barber, client_for, settings, clock):
    settings.POINTS_VOUCHER_MISSES_PER_2_MINUTES = 2
    client = client_for(merchant_a)
    client.cookies["django_language"] = "en"
    first = unescape(text_of(client.post("/redeem/lookup/", {"code": unknown(0)}).content.decode(), "verdict-message"))
    assert first == (
        "No voucher has this code. Check the code with the rider and type it again. "
        "1 try left, then look-ups pause, real codes too. Scan the QR code on the rider's phone: a scan is never mistyped."
    )
    last = text_of(client.post("/redeem/lookup/", {"code": unknown(1)}).content.decode(), "verdict-message")
    assert "try again in 2 minutes" in last and "(My vouchers)" in last and "contact the street office" in last


def test_the_app_gets_the_tries_left_and_a_code_that_cannot_be_one_is_no_failed_look_up(
    voucher, merchant_a, api_for, settings, clock
):
    settings.POINTS_VOUCHER_MISSES_PER_2_MINUTES = 2
    api = api_for(merchant_a)
    # A scan of some other QR code, or a half-typed code: not_found, never looked up, not counted.
    for junk in ("12", "ABCD-EFGH-JKM0", "wxp-f2f0XYZ"):
        response = api.get(f"/api/v1/merchant/vouchers/{junk}/")
        assert response.status_code == 404 and "tries_left" not in response.json()

    first = api.get("/api/v1/merchant/vouchers/ABCDEFGHJKM2/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert first.status_code == 404 and first.json()["tries_left"] == 1
    assert "还可以再试 1 次" in first.json()["message"]
    last = api.get("/api/v1/merchant/vouchers/ABCDEFGHJKM3/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert last.status_code == 404 and last.json()["tries_left"] == 0 and last["Retry-After"] == "90"
    assert "请 2 分钟后再试" in last.json()["message"]

    waiting = api.get(f"/api/v1/merchant/vouchers/{voucher.code}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert waiting.status_code == 429 and waiting.json()["result"] == "rate_limited"
    assert "扫描券上的二维码" in waiting.json()["message"] and "tries_left" not in waiting.json()
    clock[0] += 90
    assert api.get(f"/api/v1/merchant/vouchers/{voucher.code}/").status_code == 200


def test_a_found_voucher_tells_nothing_of_tries(voucher, merchant_a, api_for, clock):
    api = api_for(merchant_a)
    api.get("/api/v1/merchant/vouchers/ABCDEFGHJKM2/")
    found = api.get(f"/api/v1/merchant/vouchers/{voucher.code}/")
    assert found.status_code == 200 and "tries_left" not in found.json()
