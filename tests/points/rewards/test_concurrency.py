"""At the same moment, on PostgreSQL, each request in its own thread and connection:
nothing is sold twice, no point is spent twice, a voucher is used and refunded once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from points.models import LedgerEntry, Reward, Voucher
from points.rewards import services
from tests.concurrency import race
from tests.factories import PartnerFactory, RiderFactory, StreetAdminFactory
from tests.points.rewards.factories import RewardFactory, assert_ledger_adds_up, balance, give_points, issue
from tests.venues.factories import VenueFactory

pytestmark = [pytest.mark.postgres, pytest.mark.services]


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def post(client: APIClient, url: str, **headers) -> Callable[[], tuple[int, dict]]:
    def call():
        response = client.post(url, **headers)
        return response.status_code, response.json()

    return call


def test_twenty_riders_take_a_stock_of_five_exactly_five_get_it(postgres_db):
    reward = RewardFactory(cost=10, stock=5)
    riders = [RiderFactory() for _ in range(20)]
    for rider in riders:
        give_points(rider, 50)
    clients = [signed_in(r) for r in riders]

    results = race(*(post(c, f"/api/v1/rewards/{reward.pk}/redeem/") for c in clients))

    statuses = Counter(r[0] for r in results)
    assert statuses == {201: 5, 409: 15}, results
    assert {r[1]["code"] for r in results if r[0] == 409} == {"out_of_stock"}
    assert Voucher.objects.count() == 5
    assert LedgerEntry.objects.filter(kind="redeem").count() == 5
    reward.refresh_from_db()
    assert reward.stock == 0
    assert sorted(balance(r) for r in riders) == [40] * 5 + [50] * 15
    assert_ledger_adds_up()


def test_one_rider_firing_ten_redeems_spends_each_point_once(postgres_db):
    rider = RiderFactory()
    give_points(rider, 100)
    reward = RewardFactory(cost=30, stock=None, per_rider_monthly_limit=None)
    clients = [signed_in(rider) for _ in range(10)]

    results = race(*(post(c, f"/api/v1/rewards/{reward.pk}/redeem/") for c in clients))

    assert Counter(r[0] for r in results) == {201: 3, 409: 7}, results
    assert {r[1]["code"] for r in results if r[0] == 409} == {"insufficient_points"}
    assert Voucher.objects.filter(rider=rider).count() == 3
    assert balance(rider) == 10
    assert_ledger_adds_up()


def test_ten_retries_with_one_idempotency_key_buy_once(postgres_db):
    rider = RiderFactory()
    give_points(rider, 100)
    reward = RewardFactory(cost=30)
    clients = [signed_in(rider) for _ in range(10)]

    results = race(*(post(c, f"/api/v1/rewards/{reward.pk}/redeem/", HTTP_IDEMPOTENCY_KEY="same") for c in clients))

    assert Counter(r[0] for r in results) == {201: 1, 200: 9}, results
    assert len({r[1]["code"] for r in results}) == 1
    assert balance(rider) == 70
    assert_ledger_adds_up()


def test_two_operators_confirm_one_voucher_at_once_and_one_gets_ok(postgres_db):
    venue = VenueFactory()
    first, second = PartnerFactory(), PartnerFactory()
    venue.operators.add(first, second)
    rider = RiderFactory()
    give_points(rider, 100)
    voucher = issue(rider, RewardFactory(venue=venue, cost=30))
    a, b = signed_in(first), signed_in(second)

    results = race(
        post(a, f"/api/v1/merchant/vouchers/{voucher.code}/redeem/"),
        post(b, f"/api/v1/merchant/vouchers/{voucher.code}/redeem/"),
    )

    assert sorted((s, body["result"]) for s, body in results) == [(200, "ok"), (409, "already_redeemed")]
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REDEEMED
    assert voucher.redeemed_by in (first, second)
    assert_ledger_adds_up()


def test_the_expiry_task_running_twice_at_once_refunds_once(postgres_db):
    rider = RiderFactory()
    give_points(rider, 100)
    reward = RewardFactory(cost=30, stock=3)
    vouchers = [issue(rider, reward) for _ in range(3)]
    past = timezone.now() - timedelta(days=1)
    Voucher.objects.update(issued_at=past - timedelta(days=30), expires_at=past)

    results = race(services.vouchers_expire_due, services.vouchers_expire_due)

    assert sorted(results) in ([0, 3], [1, 2]), results  # each voucher expired by exactly one run
    assert sum(results) == 3
    assert LedgerEntry.objects.filter(kind="refund").count() == 3
    assert all(v.status == "expired" for v in Voucher.objects.filter(pk__in=[v.pk for v in vouchers]))
    assert balance(rider) == 100
    reward.refresh_from_db()
    assert reward.stock == 3
    assert_ledger_adds_up()


def test_a_cancel_racing_the_expiry_refunds_once(postgres_db):
    rider = RiderFactory()
    give_points(rider, 100)
    reward = RewardFactory(cost=30, stock=2)
    voucher = issue(rider, reward)
    past = timezone.now() - timedelta(days=1)
    Voucher.objects.filter(pk=voucher.pk).update(issued_at=past - timedelta(days=30), expires_at=past)

    results = race(
        lambda: services.voucher_cancel(rider=rider, code=voucher.code),
        lambda: services.voucher_expire(voucher_id=voucher.pk),
        lambda: services.voucher_cancel(rider=rider, code=voucher.code),
    )

    outcomes = sorted(type(r).__name__ for r in results)
    assert outcomes in (
        ["Voucher", "VoucherNotCancellable", "bool"],  # a cancel won; the expiry found nothing to do
        ["VoucherNotCancellable", "VoucherNotCancellable", "bool"],  # the expiry won
    ), results
    assert LedgerEntry.objects.filter(voucher=voucher, kind="refund").count() == 1
    assert balance(rider) == 100
    reward.refresh_from_db()
    assert reward.stock == 2
    assert_ledger_adds_up()


def test_purchases_cancels_confirmations_and_staff_edits_at_once_do_not_deadlock(postgres_db):
    venue = VenueFactory()
    operator = PartnerFactory()
    venue.operators.add(operator)
    admin = StreetAdminFactory()
    reward = RewardFactory(venue=venue, cost=10, stock=50)
    riders = [RiderFactory() for _ in range(6)]
    for rider in riders:
        give_points(rider, 100)
    held = [issue(r, reward) for r in riders]
    Reward.objects.filter(pk=reward.pk).update(stock=50)

    calls = []
    for rider, voucher in zip(riders, held, strict=True):
        calls.append(lambda r=rider: services.reward_redeem(rider=r, reward=reward))
        calls.append(lambda r=rider, v=voucher: services.voucher_cancel(rider=r, code=v.code))
    calls.append(lambda: services.voucher_confirm(operator=operator, code=held[0].code))
    calls.append(lambda: services.reward_save(actor=admin, reward=reward, data={"description": "改"}))
    calls.append(lambda: services.reward_save(actor=admin, reward=reward, data={"stock": 40}))

    results = race(*calls)

    errors = [r for r in results if isinstance(r, Exception) and type(r).__name__ != "VoucherNotCancellable"]
    assert not errors, errors
    assert_ledger_adds_up()
    assert Reward.objects.get(pk=reward.pk).stock >= 0
