"""The ledger: append-only entries, a balance that always equals their sum and never goes
below zero, staff adjustments with a reason, and the rider's passbook."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from friendlystreet.audit.models import AuditEntry
from points import errors, services
from points.models import Account, Claim, LedgerEntry
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db


def earn(reviewer, rider, rule):
    return services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=rule))


def assert_consistent(rider):
    account = Account.objects.get(rider=rider)
    total = LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or 0
    assert account.balance == total >= 0
    last = LedgerEntry.objects.filter(account=account).order_by("-id").first()
    assert last is None or last.balance_after == account.balance


def test_street_admin_adjusts_a_balance_with_a_reason(client_for, rider, reviewer, street_admin, rule):
    earn(reviewer, rider, rule)
    response = client_for(street_admin).post(f"/staff/balances/{rider.pk}/", {"amount": "-4", "reason": "重复计分更正"})
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(kind="adjust")
    assert (entry.amount, entry.balance_after, entry.note, entry.actor) == (-4, 6, "重复计分更正", street_admin)
    assert AuditEntry.objects.get(action="points.balance_adjusted").data["amount"] == -4
    assert_consistent(rider)


def test_an_adjustment_never_takes_the_balance_below_zero(client_for, rider, reviewer, street_admin, rule):
    earn(reviewer, rider, rule)
    response = client_for(street_admin).post(f"/staff/balances/{rider.pk}/", {"amount": "-11", "reason": "更正"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert LedgerEntry.objects.filter(kind="adjust").count() == 0
    assert Account.objects.get(rider=rider).balance == 10


def test_an_adjustment_needs_a_reason_and_a_non_zero_amount(rider, street_admin):
    with pytest.raises(ValidationError):
        services.balance_adjust(actor=street_admin, rider=rider, amount=5, reason="  ")
    with pytest.raises(ValidationError):
        services.balance_adjust(actor=street_admin, rider=rider, amount=0, reason="更正")
    assert not LedgerEntry.objects.exists()


def test_a_reviewer_cannot_adjust_balances_and_nobody_adjusts_their_own(client_for, rider, reviewer, street_admin):
    assert client_for(reviewer).post(f"/staff/balances/{rider.pk}/", {"amount": "5", "reason": "x"}).status_code == 403
    with pytest.raises(errors.NotAllowed):
        services.balance_adjust(actor=reviewer, rider=rider, amount=5, reason="x")
    with pytest.raises(errors.OwnBalance):
        services.balance_adjust(actor=street_admin, rider=street_admin, amount=5, reason="x")
    assert not LedgerEntry.objects.exists()


def test_staff_find_a_rider_by_phone(client_for, rider, street_admin):
    response = client_for(street_admin).get("/staff/balances/", {"q": rider.phone[3:]})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/balances/{rider.pk}/"


def test_database_refuses_a_negative_balance_and_a_second_earn_for_a_claim(rider, reviewer, rule):
    claim = earn(reviewer, rider, rule)
    account = Account.objects.get(rider=rider)
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=account.pk).update(balance=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(account=account, kind="earn", amount=10, balance_after=20, claim=claim)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(account=account, kind="adjust", amount=5, balance_after=15, note="")
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(account=account, kind="redeem", amount=5, balance_after=15)
    assert LedgerEntry.objects.count() == 1


def test_posting_the_same_claim_twice_through_the_service_is_refused(rider, reviewer, rule):
    claim = earn(reviewer, rider, rule)
    with pytest.raises(errors.AlreadyPosted), transaction.atomic():
        account = services.account_lock(rider=rider)
        services.ledger_post(account=account, kind="earn", amount=10, actor=reviewer, claim=claim)
    assert LedgerEntry.objects.count() == 1
    assert_consistent(rider)


def test_rider_sees_balance_and_passbook_newest_first(client_for, rider, reviewer, street_admin, rule):
    earn(reviewer, rider, rule)
    services.balance_adjust(actor=street_admin, rider=rider, amount=5, reason="活动补录")
    page = client_for(rider).get("/points/")
    assert page.status_code == 200
    assert page.context["balance"] == 15
    assert [(e.kind, e.amount, e.balance_after) for e, _kind in page.context["rows"]] == [("adjust", 5, 15), ("earn", 10, 10)]
    assert b'data-testid="balance">15<' in page.content


def test_passbook_pages_by_cursor(client_for, rider, street_admin):
    for n in range(25):
        services.balance_adjust(actor=street_admin, rider=rider, amount=1, reason=f"补录{n}")
    first = client_for(rider).get("/points/")
    assert len(first.context["rows"]) == 20
    cursor = first.context["next_cursor"]
    second = client_for(rider).get(f"/points/?before={cursor}")
    assert len(second.context["rows"]) == 5
    assert second.context["balance"] == first.context["balance"] == 25
    assert second.context["next_cursor"] is None
    assert first.context["rows"][-1][0].pk > second.context["rows"][0][0].pk
    # An older page leads back to the newest entries; the first page needs no such link.
    assert '<a href="/points/" id="newest-entries">最新的记录</a>' in second.content.decode()
    assert 'id="newest-entries"' not in first.content.decode()


def test_ledger_api_returns_the_callers_entries_only(api_for, rider, other_rider, reviewer, rule):
    earn(reviewer, rider, rule)
    earn(reviewer, other_rider, rule)
    body = api_for(rider).get("/api/v1/me/ledger/").json()
    assert [{k: e[k] for k in ("amount", "kind", "balance_after", "description")} for e in body["results"]] == [
        {"amount": 10, "kind": "earn", "balance_after": 10, "description": "文明劝导"}
    ]
    assert "created_at" in body["results"][0]
    assert api_for(rider).get("/api/v1/me/").json()["balance"] == 10


def test_a_user_without_an_account_has_balance_zero(api_for, merchant_a):
    assert api_for(merchant_a).get("/api/v1/me/").json()["balance"] == 0
    assert api_for(RiderFactory()).get("/api/v1/me/ledger/").json()["results"] == []
    # A partner operator has no passbook: the rider's endpoint says so (rider_only), not an empty one.
    assert api_for(merchant_a).get("/api/v1/me/ledger/").json()["code"] == "rider_only"


# --- property: whatever happens, balance == sum(entries) >= 0 ---------------------------------------


class Rollback(Exception):
    pass


actions = st.lists(
    st.one_of(
        st.tuples(st.just("claim"), st.integers(0, 1), st.integers(1, 3)),
        st.tuples(st.just("approve"), st.integers(0, 30), st.just(0)),
        st.tuples(st.just("reject"), st.integers(0, 30), st.just(0)),
        st.tuples(st.just("withdraw"), st.integers(0, 30), st.just(0)),
        st.tuples(st.just("adjust"), st.integers(0, 1), st.integers(-60, 60)),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=actions)
def test_random_claims_approvals_and_adjustments_keep_the_ledger_consistent(steps, reviewer, street_admin):
    try:
        with transaction.atomic():  # each example starts from the same empty database
            riders = [RiderFactory(), RiderFactory()]
            rules = [RuleFactory(points=7, max_per_day=20), RuleFactory(points=15), RuleFactory(points=4, unit="hour")]
            claims: list[Claim] = []
            for action, a, b in steps:
                try:
                    with transaction.atomic():
                        if action == "claim":
                            claims.append(ClaimFactory(rider=riders[a], rule=rules[b - 1], quantity=b))
                        elif action == "approve" and claims:
                            services.claim_approve(actor=reviewer, claim=claims[a % len(claims)])
                        elif action == "reject" and claims:
                            services.claim_reject(actor=reviewer, claim=claims[a % len(claims)], reason="不符")
                        elif action == "withdraw" and claims:
                            claim = claims[a % len(claims)]
                            services.claim_withdraw(rider=claim.rider, claim=claim)
                        elif action == "adjust" and b != 0:
                            services.balance_adjust(actor=street_admin, rider=riders[a], amount=b, reason="随机")
                except (errors.ClaimNotPending, errors.InsufficientBalance):
                    pass  # refused, as it should be: nothing may have changed
                for rider in riders:
                    account = Account.objects.filter(rider=rider).first()
                    total = LedgerEntry.objects.filter(account_id=rider.pk).aggregate(s=Sum("amount"))["s"] or 0
                    assert (account.balance if account else 0) == total >= 0
            earned = Claim.objects.filter(status="approved").aggregate(s=Sum("points"))["s"] or 0
            assert (LedgerEntry.objects.filter(kind="earn").aggregate(s=Sum("amount"))["s"] or 0) == earned
            assert (
                LedgerEntry.objects.filter(kind="earn").values("claim").distinct().count()
                == LedgerEntry.objects.filter(kind="earn").count()
            )
            raise Rollback
    except Rollback:
        pass
