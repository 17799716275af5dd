"""Caps per rider per day and per month, counted on the programme's calendar (Asia/Shanghai),
applied at approval, and shown to the reviewer."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from points import services
from points.models import Account, LedgerEntry, Rule
from points.selectors import claim_award
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def approve(reviewer, rider, rule, when, quantity="1"):
    claim = ClaimFactory(rider=rider, rule=rule, occurred_at=when, quantity=Decimal(quantity))
    return services.claim_approve(actor=reviewer, claim=claim)


@pytest.fixture
def hours(db):
    return RuleFactory(points=10, unit=Rule.Unit.HOUR, max_per_day=40)


def test_daily_cap_cuts_the_claim_that_goes_over_it(rider, reviewer, hours):
    assert approve(reviewer, rider, hours, at(2026, 3, 10, 9), "3").points == 30
    second = approve(reviewer, rider, hours, at(2026, 3, 10, 14), "2")
    assert (second.points_computed, second.points, second.capped_by) == (20, 10, "day")
    third = approve(reviewer, rider, hours, at(2026, 3, 10, 18), "1")
    assert (third.points, third.capped_by) == (0, "day")
    # A claim capped to zero is approved but writes no ledger entry (an earn is never 0).
    assert LedgerEntry.objects.filter(claim=third).count() == 0
    assert Account.objects.get(rider=rider).balance == 40


def test_the_day_turns_at_midnight_in_shanghai_not_utc(rider, reviewer, hours):
    late = at(2026, 3, 10, 23, 30)  # 15:30 UTC on the 10th
    after_midnight = at(2026, 3, 11, 0, 30)  # 16:30 UTC, still the 10th in UTC
    assert after_midnight.astimezone(UTC).date() == late.astimezone(UTC).date()
    assert approve(reviewer, rider, hours, late, "4").points == 40
    assert approve(reviewer, rider, hours, after_midnight, "4").points == 40  # a new local day
    # 08:00 on the 10th in Shanghai is 00:00 UTC: the same local day as `late`, so capped.
    assert approve(reviewer, rider, hours, at(2026, 3, 10, 8, 0), "1").points == 0


def test_the_month_turns_at_midnight_in_shanghai(rider, reviewer):
    rule = RuleFactory(points=20, max_per_month=50)
    assert approve(reviewer, rider, rule, at(2026, 3, 1, 0, 0)).points == 20
    assert approve(reviewer, rider, rule, at(2026, 3, 15, 12)).points == 20
    last = approve(reviewer, rider, rule, at(2026, 3, 31, 23, 59))
    assert (last.points, last.capped_by) == (10, "month")
    april = at(2026, 4, 1, 0, 0)  # still March 31st in UTC
    assert april.astimezone(UTC).month == 3
    assert approve(reviewer, rider, rule, april).points == 20


def test_daily_and_monthly_caps_together(rider, reviewer):
    rule = RuleFactory(points=10, unit=Rule.Unit.HOUR, max_per_day=40, max_per_month=60)
    assert approve(reviewer, rider, rule, at(2026, 5, 1, 9), "5").points == 40
    second = approve(reviewer, rider, rule, at(2026, 5, 2, 9), "5")
    assert (second.points_computed, second.points, second.capped_by) == (50, 20, "month")


def test_caps_count_only_this_riders_approved_claims_of_this_rule(rider, other_rider, reviewer, hours):
    ClaimFactory(rider=rider, rule=hours, occurred_at=at(2026, 6, 1, 9), quantity=Decimal("4"))  # pending
    approve(reviewer, other_rider, hours, at(2026, 6, 1, 9), "4")  # someone else
    approve(reviewer, rider, RuleFactory(points=10, unit=Rule.Unit.HOUR, max_per_day=40), at(2026, 6, 1, 9), "4")  # another rule
    rejected = ClaimFactory(rider=rider, rule=hours, occurred_at=at(2026, 6, 1, 9), quantity=Decimal("4"))
    services.claim_reject(actor=reviewer, claim=rejected, reason="重复")
    assert approve(reviewer, rider, hours, at(2026, 6, 1, 12), "4").points == 40


def test_the_reviewer_sees_before_approving_that_a_cap_will_cut_the_points(client_for, rider, reviewer, hours):
    approve(reviewer, rider, hours, at(2026, 7, 1, 9), "3")
    claim = ClaimFactory(rider=rider, rule=hours, occurred_at=at(2026, 7, 1, 15), quantity=Decimal("2"))
    award = claim_award(claim)
    assert (award.computed, award.granted, award.capped_by, award.earned_day, award.max_per_day) == (20, 10, "day", 30, 40)
    page = client_for(reviewer).get(f"/staff/claims/{claim.pk}/")
    assert b'data-capped-by="day"' in page.content
    assert b'data-granted="10"' in page.content


def test_a_rule_change_after_approval_does_not_change_points_already_granted(api_for, rider, reviewer, street_admin):
    rule = RuleFactory(points=10)
    approve(reviewer, rider, rule, at(2026, 8, 1, 9))
    services.rule_save(actor=street_admin, rule=rule, data={"points": 50})
    assert api_for(rider).get("/api/v1/me/").json()["balance"] == 10
    assert list(LedgerEntry.objects.values_list("amount", flat=True)) == [10]
    # A claim still pending is paid by the rule as it is when approved.
    assert approve(reviewer, rider, rule, at(2026, 8, 2, 9)).points == 50
