"""What a feature app adds to a backup's manifest, registered in its AppConfig.ready():

    from friendlystreet.backups.registry import register_account_balances

    register_account_balances(balances)  # balances() -> [{"rider": 3, "balance": 280, "ledger_sum": 280}, ...]

friendlystreet.backups never imports a feature app (DESIGN.md: dependencies point one way):
the points app says where balances and their ledgers are; without it a manifest has none.
"""

from __future__ import annotations

from collections.abc import Callable

AccountBalances = Callable[[], list[dict[str, int]]]

_account_balances: list[AccountBalances] = []


def register_account_balances(fn: AccountBalances) -> None:
    """fn() lists every account, ordered by its rider's id, with its cached balance and the sum
    of its ledger: the manifest compares both after a restore."""
    _account_balances[:] = [fn]


def account_balances() -> list[dict[str, int]]:
    return _account_balances[0]() if _account_balances else []
