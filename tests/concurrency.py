"""Racing real database transactions against each other (PostgreSQL; see `postgres_db`)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def race(*calls: Callable[[], object]) -> list[object]:
    """Run the calls in threads released together, each on its own database connection;
    return each call's result, or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=20)
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[i] = exc
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results
