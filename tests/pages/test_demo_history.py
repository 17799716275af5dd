"""The demo tells a story over time: a new street-office user's first look at the product.

Riders registered over the past three months, before anything they did; their claims,
vouchers, check-ins and reports spread over those months; each ledger entry dated with its
cause; and last month's figures on the staff dashboard are what last month's exports list.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Min, Sum
from django.utils import timezone

from friendlystreet import demo_clock
from friendlystreet.dashboard import periods
from friendlystreet.days import local_today
from friendlystreet.ledgers.registry import ExportScope, get_kind
from points.models import Account, Claim, LedgerEntry, Voucher

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def riders():
    return get_user_model().objects.filter(phone__startswith="+86138000000")


def test_last_months_figures_are_what_last_months_ledgers_list(demo, api_for):
    month = periods.preset("last_month")
    reviewer = get_user_model().objects.get(username="reviewer")
    body = api_for(reviewer).get(f"/api/v1/staff/figures/?start={month.start}&end={month.end}").json()
    shown = body["figures"]
    assert shown["riders_registered"] > 0
    assert shown["points_earned"] > 0
    assert shown["points_redeemed"] > 0
    assert shown["riders_active"] > 0

    # The month's ledger export (its own rows), summed by kind.
    scope = ExportScope(month.start, month.end)
    listed = [row[0] for row in get_kind("ledger").rows(scope)]
    assert len(listed) == get_kind("ledger").count(scope) > 0

    def points(*kinds: str) -> int:
        return LedgerEntry.objects.filter(pk__in=listed, kind__in=kinds).aggregate(s=Sum("amount"))["s"] or 0

    assert points("earn") == shown["points_earned"]
    assert -points("redeem", "refund") == shown["points_redeemed"]
    registered = [row for row in get_kind("riders").rows(scope) if row[-2]]
    assert len(registered) == shown["riders_registered"]


def test_riders_registered_over_three_months_before_anything_they_did(demo):
    today = local_today()
    joined = sorted(r.date_joined for r in riders())
    assert len({d.date() for d in joined}) == 23  # 20 verified, 3 waiting (accounts.demo.WAITING)
    assert joined[0].date() >= today - timedelta(days=100)
    assert joined[0].date() <= today - timedelta(days=80)
    for rider in riders():
        first_claim = Claim.objects.filter(rider=rider).aggregate(at=Min("created_at"))["at"]
        assert first_claim is None or rider.date_joined < first_claim, rider.phone


def test_every_ledger_entry_is_dated_with_its_cause_and_balances_follow_time(demo):
    entries = LedgerEntry.objects.select_related("claim", "voucher")
    days = {e.created_at.date() for e in entries}
    assert len(days) > 30  # not one day: the history is spread
    for entry in entries:
        if entry.kind == "earn":
            assert abs(entry.created_at - entry.claim.decided_at) < timedelta(seconds=5)
        elif entry.kind == "redeem":
            assert abs(entry.created_at - entry.voucher.issued_at) < timedelta(seconds=5)
        elif entry.kind == "refund":
            back = entry.voucher.expired_at or entry.voucher.cancelled_at
            assert abs(entry.created_at - back) < timedelta(seconds=5)
    for account in Account.objects.filter(rider__in=riders()):
        rows = list(LedgerEntry.objects.filter(account=account).order_by("id"))
        # The passbook (newest first by id) reads in the order things happened.
        assert [e.created_at for e in rows] == sorted(e.created_at for e in rows)
        assert account.balance == sum(e.amount for e in rows) == rows[-1].balance_after
        assert all(e.created_at > account.rider.date_joined for e in rows)


def test_there_is_work_today_and_vouchers_in_every_month(demo):
    today = local_today()
    assert Claim.objects.filter(status="pending").exists()
    assert Claim.objects.filter(created_at__date__gte=today - timedelta(days=1)).exists()
    issued_days = sorted((today - v.issued_at.date()).days for v in Voucher.objects.all())
    assert issued_days[-1] >= 60 and issued_days[0] <= 5
    # No gap of a month without a voucher bought: every month's figures have redemptions.
    assert max(b - a for a, b in zip(issued_days, issued_days[1:], strict=False)) < 28
    assert Voucher.objects.filter(status="redeemed").aggregate(s=Sum("cost"))["s"] > 0


def test_a_clock_set_before_the_demo_is_its_now_and_is_left_as_it_was(monkeypatch):
    """Someone who set the clock (a test at the end of a month) and loads the demo gets the
    demo's history up to their now, and their clock back after it: the demo's moments restored
    the clock read when the demo was first imported, the real one, for good."""
    set_clock = lambda: datetime(2026, 3, 31, 12, 0, tzinfo=UTC)  # noqa: E731
    monkeypatch.setattr(timezone, "now", set_clock)
    seen = []
    demo_clock.schedule(demo_clock.moment(2, 10), lambda: seen.append(timezone.now()))
    demo_clock.run()
    assert seen == [datetime(2026, 3, 29, 2, 0, tzinfo=UTC)]  # 10:00 in Shanghai, two days before
    assert timezone.now is set_clock
