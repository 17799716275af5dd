"""At the same moment, on PostgreSQL with separate connections: two reviewers, two
approvals under one cap, two withdrawals of points, two check-ins of one event."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from points import services
from points.models import Account, Claim, LedgerEntry, Rule
from tests.concurrency import race
from tests.factories import ReviewerFactory, RiderFactory, StreetAdminFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = [pytest.mark.postgres, pytest.mark.services]


def test_two_reviewers_approve_the_same_claim_at_once_and_it_earns_once(postgres_db):
    rider = RiderFactory()
    claim = ClaimFactory(rider=rider, rule=RuleFactory(points=25))
    first, second = ReviewerFactory(), ReviewerFactory()

    results = race(
        lambda: services.claim_approve(actor=first, claim=claim),
        lambda: services.claim_approve(actor=second, claim=claim),
    )

    assert sorted(type(r).__name__ for r in results) == ["Claim", "ClaimNotPending"]
    assert LedgerEntry.objects.filter(claim=claim, kind="earn").count() == 1
    assert Account.objects.get(rider=rider).balance == 25


def test_two_approvals_of_one_riders_claims_cannot_both_use_the_remaining_cap(postgres_db):
    rider = RiderFactory()
    rule = RuleFactory(points=10, unit=Rule.Unit.HOUR, max_per_day=40)
    a = ClaimFactory(rider=rider, rule=rule, quantity=Decimal("3"))
    b = ClaimFactory(rider=rider, rule=rule, quantity=Decimal("3"), occurred_at=a.occurred_at)
    first, second = ReviewerFactory(), ReviewerFactory()

    results = race(
        lambda: services.claim_approve(actor=first, claim=a),
        lambda: services.claim_approve(actor=second, claim=b),
    )

    assert all(isinstance(r, Claim) for r in results), results
    assert sorted(r.points for r in results) == [10, 30]
    assert Account.objects.get(rider=rider).balance == 40


def test_two_deductions_at_once_never_take_the_balance_below_zero(postgres_db):
    rider = RiderFactory()
    admin_a, admin_b = StreetAdminFactory(), StreetAdminFactory()
    services.balance_adjust(actor=admin_a, rider=rider, amount=150, reason="期初")

    results = race(
        lambda: services.balance_adjust(actor=admin_a, rider=rider, amount=-100, reason="更正A"),
        lambda: services.balance_adjust(actor=admin_b, rider=rider, amount=-100, reason="更正B"),
    )

    assert sorted(type(r).__name__ for r in results) == ["InsufficientBalance", "LedgerEntry"]
    account = Account.objects.get(rider=rider)
    assert account.balance == 50 == LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"]


def test_the_same_event_reported_twice_at_once_makes_one_claim_and_one_earn(postgres_db):
    rider = RiderFactory()
    rule = RuleFactory(points=20, rider_claimable=False)
    when = timezone.now()

    def accept_report():
        return services.claim_create_from_source(
            rider=rider, rule=rule, source="report", source_ref="report-42", occurred_at=when
        )

    results = race(accept_report, accept_report)

    assert all(isinstance(r, Claim) for r in results), results
    assert results[0].pk == results[1].pk
    assert Claim.objects.count() == 1
    assert LedgerEntry.objects.filter(kind="earn").count() == 1
    assert Account.objects.get(rider=rider).balance == 20


def test_two_bulk_approvals_over_the_same_riders_finish_without_deadlock(postgres_db):
    riders = [RiderFactory() for _ in range(4)]
    rule = RuleFactory(points=5)
    claims = [ClaimFactory(rider=riders[i % 4], rule=rule) for i in range(12)]
    ids = [c.pk for c in claims]
    first, second = ReviewerFactory(), ReviewerFactory()

    results = race(
        lambda: services.claim_bulk_decide(actor=first, claim_ids=ids, action="approve"),
        lambda: services.claim_bulk_decide(actor=second, claim_ids=list(reversed(ids)), action="approve"),
    )

    assert not any(isinstance(r, Exception) for r in results), results
    assert sorted(results[0].done + results[1].done) == sorted(ids)
    assert LedgerEntry.objects.filter(kind="earn").count() == 12
    assert sum(Account.objects.values_list("balance", flat=True)) == 60
