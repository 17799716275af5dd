"""The demo has rewards at the partner venues and vouchers in every state, and the
ledger of every rider still adds up."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from points.models import Reward, Voucher
from tests.points.rewards.factories import assert_ledger_adds_up

pytestmark = pytest.mark.django_db


def test_the_demo_has_rewards_and_vouchers_in_every_state(settings):
    settings.DEBUG = True
    call_command("seed_demo")

    published = Reward.objects.filter(active=True)
    assert set(published.values_list("venue__kind", flat=True)) == {"merchant", "hospital", "academy", "property_station"}
    assert published.filter(venue__operators__username="barber", title__contains="快剪").exists()
    assert published.filter(venue__kind="hospital", stock__lte=10).count() == 2
    assert Reward.objects.filter(published_at__isnull=True, proposed_by__username="barber").exists()
    assert {"issued", "redeemed", "expired"} <= set(Voucher.objects.values_list("status", flat=True))
    assert Voucher.objects.filter(status="redeemed", venue__operators__username="barber").exists()
    # English readers see English titles: every reward has one, and the vouchers bought carry it.
    assert not Reward.objects.filter(title_en="").exists()
    assert not Voucher.objects.filter(title_en="").exists()
    assert_ledger_adds_up()

    before = Voucher.objects.count()
    call_command("seed_demo")
    assert Voucher.objects.count() == before
    assert_ledger_adds_up()
