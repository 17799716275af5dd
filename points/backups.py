"""What a backup's manifest checks of the points (friendlystreet.backups): every account's
cached balance next to the sum of its ledger, before the backup and after a restore."""

from __future__ import annotations

from django.db.models import Sum
from django.db.models.functions import Coalesce

from .models import Account


def account_balances() -> list[dict[str, int]]:
    rows = (
        Account.objects.annotate(ledger_sum=Coalesce(Sum("entries__amount"), 0))
        .order_by("pk")
        .values_list("pk", "balance", "ledger_sum")
    )
    return [{"rider": pk, "balance": balance, "ledger_sum": ledger_sum} for pk, balance, ledger_sum in rows]


def register() -> None:
    from friendlystreet.backups.registry import register_account_balances

    register_account_balances(account_balances)
