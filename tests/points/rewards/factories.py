"""Factories and helpers of the rewards stories."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from points.models import Account, LedgerEntry, Reward, Voucher
from points.rewards import services
from points.services import account_lock, ledger_post
from tests.venues.factories import VenueFactory
from venues.models import VenueKind


class RewardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reward

    venue = factory.SubFactory(VenueFactory, kind=VenueKind.MERCHANT)
    title = factory.Sequence(lambda n: f"免费快剪{n}")
    description = "到店出示二维码"
    cost = 30
    stock = None
    per_rider_monthly_limit = None
    valid_days = 30
    active = True
    published_at = factory.LazyFunction(timezone.now)


def give_points(rider, amount: int) -> None:
    """Points in the rider's account, booked through the real ledger writer."""
    with transaction.atomic():
        ledger_post(
            account=account_lock(rider=rider),
            kind=LedgerEntry.Kind.ADJUST,
            amount=amount,
            actor=None,
            description="测试",
            note="测试期初余额",
        )


def balance(rider) -> int:
    return Account.objects.filter(pk=rider.pk).values_list("balance", flat=True).first() or 0


def ledger_sum(rider) -> int:
    return LedgerEntry.objects.filter(account_id=rider.pk).aggregate(s=Sum("amount"))["s"] or 0


def assert_ledger_adds_up() -> None:
    """Every rider's balance equals the sum of their ledger, and no balance is negative."""
    for account in Account.objects.all():
        assert account.balance == ledger_sum(account.rider), account
        assert account.balance >= 0


def issue(rider, reward, **kwargs) -> Voucher:
    """A voucher bought through the service (the rider needs the points)."""
    return services.reward_redeem(rider=rider, reward=reward, **kwargs).voucher


def backdate(voucher: Voucher, days: float) -> Voucher:
    """As if the voucher had been bought `days` earlier."""
    delta = timedelta(days=days)
    Voucher.objects.filter(pk=voucher.pk).update(issued_at=voucher.issued_at - delta, expires_at=voucher.expires_at - delta)
    voucher.refresh_from_db()
    return voucher


def barbers_counter(points: int = 100):
    """The counter's story: 王师傅理发店, its operator (the barber) and a rider holding `points`.
    Returns (shop, barber, rider)."""
    from tests.factories import PartnerFactory, RiderFactory

    shop = VenueFactory(name="王师傅理发店")
    barber = PartnerFactory()
    shop.operators.add(barber)
    rider = RiderFactory()
    give_points(rider, points)
    return shop, barber, rider
