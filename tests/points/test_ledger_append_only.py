"""DESIGN.md: every change of a balance is one row of an append-only ledger. That was a habit
of the code; a careless `entry.save()` or `.update()` could rewrite a rider's history and leave
their balance no longer the sum of it. Now the ORM refuses to change or delete a written entry,
the same on SQLite and PostgreSQL; corrections are new entries, as the staff's adjustment is.
Deleting a rider's account anonymises them and keeps their entries, so that still works."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError, Sum

from friendlystreet.privacy import services as privacy
from points.models import Account, LedgerEntry, LedgerIsAppendOnly
from points.services import balance_adjust, claim_approve
from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def earned(rider, reviewer, rule) -> LedgerEntry:
    """The rider's first points: a claim a reviewer approved."""
    claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=rule))
    return LedgerEntry.objects.get(account_id=rider.pk)


def as_written(entry: LedgerEntry) -> tuple:
    row = LedgerEntry.objects.get(pk=entry.pk)
    return (row.kind, row.amount, row.balance_after, row.description)


def assert_balance_is_its_ledger(rider) -> None:
    total = LedgerEntry.objects.filter(account_id=rider.pk).aggregate(total=Sum("amount"))["total"] or 0
    assert Account.objects.get(pk=rider.pk).balance == total


def test_an_entry_saved_again_is_refused_and_stays_as_written(earned, rider):
    before = as_written(earned)
    earned.amount = 1000
    earned.description = "改过的"

    with pytest.raises(LedgerIsAppendOnly, match="append-only"):
        earned.save()
    with pytest.raises(LedgerIsAppendOnly):
        earned.save(update_fields=["amount"])

    assert as_written(earned) == before
    assert_balance_is_its_ledger(rider)


def test_an_entry_cannot_be_deleted(earned, rider):
    with pytest.raises(LedgerIsAppendOnly, match="append-only"):
        earned.delete()
    assert LedgerEntry.objects.filter(pk=earned.pk).exists()
    assert_balance_is_its_ledger(rider)


def test_queries_cannot_update_or_delete_entries(earned, rider):
    before = as_written(earned)
    account = Account.objects.get(pk=rider.pk)
    attempts = [
        lambda: LedgerEntry.objects.filter(pk=earned.pk).update(amount=1),
        lambda: LedgerEntry.objects.update(note="x"),
        lambda: LedgerEntry.objects.filter(account=account).delete(),
        lambda: LedgerEntry.objects.all().delete(),
        lambda: account.entries.all().delete(),
        lambda: earned.claim.ledger_entries.update(amount=1),
        lambda: LedgerEntry.objects.bulk_update([earned], ["amount"]),
        lambda: LedgerEntry.objects.update_or_create(pk=earned.pk, defaults={"amount": 1}),
    ]
    for attempt in attempts:
        # Each in its own savepoint: bulk_update() opens none of its own, and the refusal marks
        # the transaction it ran in for rollback, as any error inside atomic() does.
        with pytest.raises(LedgerIsAppendOnly), transaction.atomic():
            attempt()
    assert as_written(earned) == before
    assert LedgerEntry.objects.count() == 1


def test_a_correction_is_a_new_entry_and_that_still_works(earned, rider, street_admin):
    balance_adjust(actor=street_admin, rider=rider, amount=-3, reason="多算了 3 分")

    entries = list(LedgerEntry.objects.filter(account_id=rider.pk).order_by("id"))
    assert [e.kind for e in entries] == ["earn", "adjust"]
    assert as_written(entries[0]) == as_written(earned)
    assert_balance_is_its_ledger(rider)


def test_deleting_a_riders_account_keeps_their_entries_anonymous(earned, rider, street_admin):
    privacy.rider_anonymise(actor=street_admin, rider=rider, reason="当面申请注销")

    rider.refresh_from_db()
    assert not rider.is_active
    assert as_written(earned)[1] == earned.amount
    assert_balance_is_its_ledger(rider)
    # Nothing deletes an account, a claim or a user out from under its entries either.
    with pytest.raises(ProtectedError):
        Account.objects.get(pk=rider.pk).delete()
    with pytest.raises(ProtectedError):
        get_user_model().objects.get(pk=rider.pk).delete()
    assert LedgerEntry.objects.filter(pk=earned.pk).exists()


def test_the_admin_shows_entries_read_only(earned, client_for):
    superuser = get_user_model().objects.create_superuser(
        username="root", password="x-long-password-1", display_name="系统管理员"
    )
    root = client_for(superuser)
    url = f"/admin/points/ledgerentry/{earned.pk}/change/"

    page = root.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert root.post(url, {"amount": "1000"}).status_code == 403
    assert root.post(f"/admin/points/ledgerentry/{earned.pk}/delete/", {"post": "yes"}).status_code == 403
    listing = root.post(
        "/admin/points/ledgerentry/", {"action": "delete_selected", "_selected_action": [earned.pk], "post": "yes"}
    )
    assert listing.status_code in (200, 302)
    assert as_written(earned)[1] == earned.amount and LedgerEntry.objects.filter(pk=earned.pk).exists()
