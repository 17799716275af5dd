"""A rider's vouchers: the page with QR codes, the API, and cancelling (refund and restock, once)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from points.models import LedgerEntry, Voucher
from points.rewards import services
from tests.points.rewards.factories import RewardFactory, assert_ledger_adds_up, backdate, balance, give_points, issue

pytestmark = pytest.mark.django_db


def test_the_vouchers_page_shows_each_usable_voucher_with_its_qr_code_and_expiry(rich_rider, care_pack, haircut, client_for):
    a, b = issue(rich_rider, care_pack), issue(rich_rider, haircut)
    used = issue(rich_rider, care_pack)
    services.voucher_confirm(operator=care_pack.venue.operators.get(), code=used.code)

    html = client_for(rich_rider).get("/vouchers/").content.decode()

    usable = html.split('id="usable-vouchers"')[1].split("</ul>")[0]
    for voucher in (a, b):
        assert f'data-code="{voucher.code}" data-status="issued"' in usable
        assert voucher.display_code in usable
    assert usable.count('<svg viewBox="0 0 29 29" class="qr">') == 2
    assert f'data-code="{used.code}" data-status="redeemed"' in html.split('id="voucher-history"')[1]


def test_the_vouchers_page_is_a_constant_number_of_queries(rich_rider, hospital, client_for, django_assert_num_queries):
    give_points(rich_rider, 1000)
    reward = RewardFactory(venue=hospital, cost=10)
    for _ in range(8):
        issue(rich_rider, reward)
    services.voucher_cancel(rider=rich_rider, code=issue(rich_rider, reward).code)
    client = client_for(rich_rider)
    # The user, usable vouchers, the others (venue joined); the page frame: the permissions
    # of the menu, the bell's unread count. Was 6 on a cold cache (two permission queries)
    # and 0 after, from the per-user cache: nothing the rider owns is cached now.
    with django_assert_num_queries(5):
        assert client.get("/vouchers/").status_code == 200
    issue(rich_rider, reward)
    with django_assert_num_queries(5):
        assert client.get("/vouchers/").content.decode().count('data-status="issued"') == 9


def test_the_vouchers_page_moves_a_voucher_to_history_once_expired_before_the_task_runs(
    rich_rider, hospital, client_for, monkeypatch
):
    voucher = issue(rich_rider, RewardFactory(venue=hospital, cost=10, valid_days=1))
    client = client_for(rich_rider)
    usable = client.get("/vouchers/").content.decode().split('id="usable-vouchers"')[1].split("</ul>")[0]
    assert f'data-code="{voucher.code}" data-status="issued"' in usable
    # A minute past its validity, before the expiry task has run: nothing was written.
    later = voucher.expires_at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    history = client.get("/vouchers/").content.decode().split('id="voucher-history"')[1]
    assert f'data-code="{voucher.code}" data-status="expired"' in history


def test_a_rider_sees_only_their_own_vouchers(rich_rider, other_rider, care_pack, client_for, api_for):
    voucher = issue(rich_rider, care_pack)

    assert client_for(other_rider).get(f"/vouchers/{voucher.code}/").status_code == 404
    assert api_for(other_rider).get(f"/api/v1/vouchers/{voucher.code}/").status_code == 404
    assert api_for(other_rider).get("/api/v1/vouchers/").json()["results"] == []
    mine = api_for(rich_rider).get("/api/v1/vouchers/").json()["results"]
    assert [v["code"] for v in mine] == [voucher.code]


def test_the_voucher_page_accepts_the_code_as_printed(rich_rider, care_pack, client_for):
    voucher = issue(rich_rider, care_pack)
    client = client_for(rich_rider)
    response = client.get(f"/vouchers/{voucher.display_code.lower()}/")
    assert response.status_code == 302 and response["Location"] == f"/vouchers/{voucher.code}/"
    page = client.get(f"/vouchers/{voucher.code}/").content.decode()
    assert 'data-testid="voucher-qr"' in page and 'data-status="issued"' in page


def test_cancelling_refunds_and_restocks_once(rich_rider, care_pack, api_for):
    voucher = issue(rich_rider, care_pack)
    api = api_for(rich_rider)

    first = api.post(f"/api/v1/vouchers/{voucher.code}/cancel/")
    second = api.post(f"/api/v1/vouchers/{voucher.code}/cancel/")

    assert first.status_code == 200 and first.json()["status"] == "cancelled"
    assert second.status_code == 409
    assert second.json()["code"] == "voucher_not_cancellable" and second.json()["status"] == "cancelled"
    assert balance(rich_rider) == 300
    care_pack.refresh_from_db()
    assert care_pack.stock == 5
    assert LedgerEntry.objects.filter(voucher=voucher, kind="refund").count() == 1
    assert_ledger_adds_up()


def test_a_used_voucher_cannot_be_cancelled(rich_rider, care_pack, merchant_b, client_for):
    voucher = issue(rich_rider, care_pack)
    services.voucher_confirm(operator=merchant_b, code=voucher.code)

    response = client_for(rich_rider).post(f"/vouchers/{voucher.code}/cancel/", follow=True)

    assert any(m.level_tag == "error" for m in response.context["messages"])
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REDEEMED
    assert balance(rich_rider) == 240
    assert not LedgerEntry.objects.filter(kind="refund").exists()


def test_nobody_else_can_cancel_a_riders_voucher(rich_rider, other_rider, care_pack, client_for, api_for):
    voucher = issue(rich_rider, care_pack)
    assert client_for(other_rider).post(f"/vouchers/{voucher.code}/cancel/").status_code == 404
    assert api_for(other_rider).post(f"/api/v1/vouchers/{voucher.code}/cancel/").status_code == 404
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED


def test_a_voucher_past_its_validity_shows_as_expired_before_the_task_runs(rich_rider, care_pack, api_for):
    voucher = backdate(issue(rich_rider, care_pack), days=31)
    body = api_for(rich_rider).get(f"/api/v1/vouchers/{voucher.code}/").json()
    assert body["status"] == "expired"


def test_the_voucher_list_api_is_a_constant_number_of_queries(rich_rider, haircut, care_pack, api_for, django_assert_num_queries):
    give_points(rich_rider, 1000)
    for _ in range(4):
        issue(rich_rider, care_pack)
    issue(rich_rider, haircut)
    api = api_for(rich_rider)
    api.get("/api/v1/vouchers/")
    # The user (the session is in the cache), the user's permissions (a rider's list: IsRider,
    # 2e84269), count, page (venue joined). Was 2, with the user from the per-user cache.
    with django_assert_num_queries(4):
        response = api.get("/api/v1/vouchers/")
    assert response.json()["count"] == 5


def test_the_cancel_button_of_the_vouchers_page_carries_a_working_csrf_token(rich_rider, care_pack):
    import re

    from django.test import Client

    voucher = issue(rich_rider, care_pack)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(rich_rider)
    html = browser.get("/vouchers/").content.decode()
    form = html.split(f'action="/vouchers/{voucher.code}/cancel/"')[1].split("</form>")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = browser.post(f"/vouchers/{voucher.code}/cancel/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.CANCELLED
    assert 'data-status="cancelled"' in browser.get("/vouchers/").content.decode()
