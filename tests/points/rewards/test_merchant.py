"""At the counter: the partner operator looks a code up and confirms it. Every answer is
one of ok, already_redeemed, expired, cancelled, wrong_venue, not_found (or rate_limited)."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest

from friendlystreet.notifications.models import Notification
from points.models import LedgerEntry, Voucher
from points.rewards import services
from tests.points.rewards.factories import RewardFactory, backdate, balance, issue

pytestmark = pytest.mark.django_db


def lookup(api, code: str):
    return api.get(f"/api/v1/merchant/vouchers/{code}/")


def confirm(api, code: str):
    return api.post(f"/api/v1/merchant/vouchers/{code}/redeem/")


def test_the_barber_looks_up_a_voucher_and_sees_the_reward_and_the_masked_rider(voucher, merchant_a, api_for):
    response = lookup(api_for(merchant_a), voucher.display_code.lower())

    assert response.status_code == 200
    body = response.json()
    assert body["result"] == "ok" and body["message"]
    assert body["voucher"]["title"] == "免费快剪一次"
    assert body["voucher"]["rider"] == {"masked_name": "张**", "masked_phone": voucher.rider.masked_phone}
    assert voucher.rider.phone not in response.content.decode()
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED  # a look-up changes nothing


def test_confirming_uses_the_voucher_once(voucher, merchant_a, api_for):
    api = api_for(merchant_a)

    first = confirm(api, voucher.code)
    second = confirm(api, voucher.code)

    assert first.status_code == 200 and first.json()["result"] == "ok"
    # The same operator again (a retry): the same confirmation, answered again (test_confirm_retry.py).
    assert second.status_code == 200
    body = second.json()
    assert body["result"] == "ok" and body["confirmed"] and body["message"]
    assert body["redeemed_venue"]["name"] == "王师傅理发店"
    voucher.refresh_from_db()
    assert datetime.fromisoformat(body["redeemed_at"]) == voucher.redeemed_at  # when the first confirmation used it
    assert (voucher.status, voucher.redeemed_by) == (Voucher.Status.REDEEMED, merchant_a)
    assert Notification.objects.filter(recipient=voucher.rider, kind="points_voucher_redeemed").count() == 1
    # The points were spent at purchase: confirming moves none.
    assert LedgerEntry.objects.filter(voucher=voucher).count() == 1


def test_an_operator_of_another_venue_learns_where_to_send_the_rider_and_nothing_of_them(voucher, merchant_b, hospital, api_for):
    api = api_for(merchant_b)
    for response in (lookup(api, voucher.code), confirm(api, voucher.code)):
        assert response.status_code == 403
        body = response.json()
        assert body["result"] == "wrong_venue"
        assert body["voucher"] is None
        text = response.content.decode()
        assert body["elsewhere"] == {"venue": voucher.venue.name, "title": voucher.title}
        rider = voucher.rider
        assert rider.masked_phone not in text and rider.masked_name not in text and rider.display_name not in text
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED


def test_an_unknown_code_is_not_found(merchant_a, barber, api_for):
    api = api_for(merchant_a)
    for code in ("ABCDEFGHJKMN", "not-a-code", "0000"):
        response = lookup(api, code)
        assert response.status_code == 404
        assert response.json()["result"] == "not_found"


def test_an_expired_voucher_is_refused_at_the_counter(voucher, merchant_a, api_for):
    backdate(voucher, days=31)
    response = confirm(api_for(merchant_a), voucher.code)
    assert response.status_code == 409 and response.json()["result"] == "expired"
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED  # the expiry task refunds it


def test_a_cancelled_voucher_is_refused_at_the_counter(voucher, merchant_a, api_for):
    services.voucher_cancel(rider=voucher.rider, code=voucher.code)
    response = confirm(api_for(merchant_a), voucher.code)
    assert response.status_code == 409 and response.json()["result"] == "cancelled"


def test_riders_and_staff_cannot_use_the_merchant_endpoints(voucher, other_rider, reviewer, api_for, client_for):
    for user in (voucher.rider, other_rider, reviewer):
        assert lookup(api_for(user), voucher.code).status_code == 403
        assert confirm(api_for(user), voucher.code).status_code == 403
        assert client_for(user).post("/redeem/confirm/", {"code": voucher.code}).status_code == 403
    assert confirm(api_for(None), voucher.code).status_code == 401
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED


def test_guessing_codes_is_rate_limited(merchant_a, barber, voucher, api_for, settings):
    settings.POINTS_VOUCHER_MISSES_PER_2_MINUTES = 5
    api = api_for(merchant_a)
    answers = [lookup(api, f"ABCDEFGHJK{c}{c}").status_code for c in "23456789"]

    assert answers == [404] * 5 + [429] * 3
    limited = lookup(api, voucher.code)  # even a real code waits now
    assert limited.status_code == 429
    assert limited.json()["result"] == "rate_limited" and limited.json()["message"]
    assert int(limited["Retry-After"]) > 0


def test_look_ups_per_minute_are_limited_per_operator(
    merchant_a, merchant_b, barber, voucher, api_for, settings, within_one_minute
):
    # (A window is a clock minute: four look-ups across two would all be allowed.)
    settings.POINTS_VOUCHER_LOOKUPS_PER_MINUTE = 3
    barber.operators.add(merchant_b)
    api = api_for(merchant_a)
    assert [lookup(api, voucher.code).status_code for _ in range(4)] == [200, 200, 200, 429]
    # Another operator has their own window.
    assert lookup(api_for(merchant_b), voucher.code).status_code == 200


def test_the_redemption_page_types_looks_up_and_confirms(voucher, merchant_a, client_for):
    client = client_for(merchant_a)
    assert client.get("/redeem/").status_code == 200

    found = client.post("/redeem/lookup/", {"code": voucher.display_code.lower()})
    assert found.status_code == 200
    html = found.content.decode()
    assert 'data-result="ok"' in html and 'id="confirm"' in html and voucher.rider.masked_name in html

    # POST, redirect, GET: the confirmed voucher's page, which a reload shows again.
    done = client.post("/redeem/confirm/", {"code": voucher.code})
    assert done.status_code == 302
    assert 'data-confirmed="1"' in client.get(done["Location"]).content.decode()

    # Sending it again is no error: the same page (tests/points/rewards/test_counter_review.py).
    again = client.post("/redeem/confirm/", {"code": voucher.code})
    assert again.status_code == 302 and again["Location"] == done["Location"]


def test_the_redemption_page_says_wrong_venue_and_nothing_of_the_rider(voucher, merchant_b, hospital, client_for):
    response = client_for(merchant_b).post("/redeem/lookup/", {"code": voucher.code})
    html = response.content.decode()
    assert response.status_code == 403
    assert 'data-result="wrong_venue"' in html
    # Where to take it (venue and reward are not personal data), never whose it is.
    assert "王师傅理发店" in html and voucher.title in html
    assert voucher.rider.masked_name not in html and voucher.rider.masked_phone not in html and 'id="confirm"' not in html


def test_a_code_no_voucher_answers_to_stays_in_the_box_to_correct(merchant_a, barber, client_for):
    response = client_for(merchant_a).post("/redeem/lookup/", {"code": "abcd efgh jkm2"})
    html = response.content.decode()
    assert response.status_code == 404 and 'data-result="not_found"' in html
    assert 'data-testid="verdict-code">ABCD-EFGH-JKM2<' in html
    assert 'value="ABCD-EFGH-JKM2"' in html


def test_a_found_voucher_leaves_the_box_empty_for_the_next_customer(voucher, merchant_a, client_for):
    html = client_for(merchant_a).post("/redeem/lookup/", {"code": voucher.code}).content.decode()
    assert 'data-result="ok"' in html
    assert 'data-testid="verdict-code"' not in html
    assert re.search(r'<input [^>]*id="code-input"[^>]* value=""', html)


def test_the_export_quotes_a_title_a_spreadsheet_would_run_as_a_formula(rich_rider, barber, merchant_a, client_for):
    formula = RewardFactory(venue=barber, title='=HYPERLINK("http://x")剪发', cost=10)
    services.voucher_confirm(operator=merchant_a, code=issue(rich_rider, formula).code)

    export = client_for(merchant_a).get("/redeem/history.csv?period=today")

    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[1][2] == '\'=HYPERLINK("http://x")剪发'


def test_the_history_lists_todays_redemptions_and_exports_csv(rich_rider, other_rider, haircut, merchant_a, client_for):
    from tests.points.rewards.factories import give_points

    give_points(other_rider, 100)
    codes = [issue(rich_rider, haircut).code, issue(other_rider, haircut).code]
    for code in codes:
        services.voucher_confirm(operator=merchant_a, code=code)
    client = client_for(merchant_a)

    page = client.get("/redeem/history/?period=month").content.decode()
    assert page.count('data-testid="redemption"') == 2

    export = client.get("/redeem/history.csv?period=today")
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert {r[2] for r in rows[1:]} == {"免费快剪一次"}
    assert not any(rider.phone in export.content.decode() for rider in (rich_rider, other_rider))


def test_the_history_shows_only_the_operators_venues(voucher, merchant_a, merchant_b, hospital, client_for):
    services.voucher_confirm(operator=merchant_a, code=voucher.code)
    assert 'data-testid="redemption"' not in client_for(merchant_b).get("/redeem/history/").content.decode()
    assert client_for(merchant_b).get("/redeem/history.csv").content.decode("utf-8-sig").count("\n") == 1


def test_an_operator_without_a_venue_sees_why(merchant_a, client_for):
    html = client_for(merchant_a).get("/redeem/").content.decode()
    assert 'class="notice"' in html


def test_the_confirm_endpoint_is_a_constant_number_of_queries(voucher, merchant_a, api_for, django_assert_num_queries):
    api = api_for(merchant_a)
    lookup(api, voucher.code)
    # The operator and their permissions (one query each; the session is in the cache), then
    # in one transaction (a savepoint inside the test's) the voucher (locked, with rider,
    # venue and the operator check in one query), its update, the audit entry and the
    # rider's notification. Was 6 on SQLite, whose operator came from the per-user cache,
    # and 1 on PostgreSQL, whose statement was a second confirmation: 8 on both now.
    with django_assert_num_queries(8):
        assert confirm(api, voucher.code).status_code == 200
    assert balance(voucher.rider) == 220
