"""At the same moment, on PostgreSQL with separate connections: two staff accept the same
report; the report's row lock and the one-claim-per-report constraint pay once."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from friendlystreet.notifications.models import Notification
from points.models import Account, Claim, LedgerEntry, Rule
from tests.concurrency import race
from tests.factories import ReviewerFactory, RiderFactory, StreetAdminFactory
from tests.points.factories import RuleFactory
from volunteers.models import Report, ReportUpdate
from volunteers.reports import errors, services

pytestmark = [pytest.mark.postgres, pytest.mark.services]


def test_two_staff_accepting_the_same_report_at_once_pay_once(postgres_db):
    # Transactional tests flush the database after them, the data migration's rules too:
    # unless this test runs first, acceptance pays by a report_accepted rule made here.
    rule = Rule.objects.filter(code=Rule.REPORT_ACCEPTED).first() or RuleFactory(
        code=Rule.REPORT_ACCEPTED, points=20, rider_claimable=False
    )
    rider = RiderFactory()
    report = Report.objects.create(
        reporter=rider, category="fire_lane", description="消防通道被电动车堵住", address="成龙路168号"
    )
    first, second = ReviewerFactory(), StreetAdminFactory()

    results = race(
        lambda: services.report_transition(actor=first, report=report, status=Report.Status.ACCEPTED, note="已受理"),
        lambda: services.report_transition(actor=second, report=report, status=Report.Status.ACCEPTED, note="已受理"),
    )

    assert sorted(type(r).__name__ for r in results) == ["InvalidTransition", "Report"], results
    assert isinstance(next(r for r in results if not isinstance(r, Report)), errors.InvalidTransition)
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    assert Claim.objects.filter(rider=rider).count() == 1
    assert Claim.objects.get(rider=rider).rule_id == rule.pk
    assert LedgerEntry.objects.filter(account__rider=rider).count() == 1
    assert ReportUpdate.objects.filter(report=report, status=Report.Status.ACCEPTED).count() == 1
    assert Notification.objects.filter(recipient=rider, kind="volunteers_report_updated").count() == 1
    account = Account.objects.get(rider=rider)
    assert account.balance == rule.points
    assert account.balance == LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"]
