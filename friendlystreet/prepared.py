"""Server-side prepared statements on PostgreSQL, for the few hot queries written in SQL.

Why: for a query of a few joins, PostgreSQL can spend as long planning as running it
(1.3 ms of planning against 2 ms of work for the venues "near" list, bench/). A prepared
statement is planned once per connection: the statements here are written for a generic
plan, and the connection is told to keep it (`plan_cache_mode`, which concerns prepared
statements only; Django's own queries are not prepared). psycopg2 has no client API for
it, so this sends PREPARE itself: once per database connection, in the same round trip
as the first EXECUTE.

Prepared statements belong to the session, not to a transaction: a rollback keeps them.
If a statement fails we cannot tell whether its PREPARE took, so the next call on that
connection starts with DEALLOCATE ALL (this also recovers from "cached plan must not
change result type" after a migration alters a table under a long-lived connection).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db import connection


class _Prepared:
    def __init__(self, raw) -> None:
        self.raw = raw  # the driver connection these names live on
        self.names: set[str] = set()
        self.dirty = False


def statement_name(sql: str) -> str:
    """The name `sql` is prepared under (the same SQL, the same name, on every connection)."""
    return "fs_" + hashlib.blake2b(sql.encode(), digest_size=8).hexdigest()


def fetch_all(sql: str, params: Sequence) -> list[tuple]:
    """Rows of `sql` (PREPARE syntax: $1, $2… placeholders, casts where a type is not
    evident) run as a prepared statement on the default database, which must be PostgreSQL."""
    if "%" in sql:
        raise ValueError("write % as a parameter: the statement goes through the driver's interpolation")
    name = statement_name(sql)
    connection.ensure_connection()
    state = getattr(connection, "_fs_prepared", None)
    setup = ""
    if state is None or state.raw is not connection.connection:
        state = connection._fs_prepared = _Prepared(connection.connection)
        setup = "SET plan_cache_mode = force_generic_plan; "
    execute = f"EXECUTE {name}({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"
    statement = execute
    if name not in state.names:
        statement = f"PREPARE {name} AS {sql}; {execute}"
        if state.dirty:
            statement = f"DEALLOCATE ALL; {statement}"
        statement = setup + statement
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows = cursor.fetchall()
    except Exception:
        state.dirty = True
        state.names.clear()
        raise
    state.dirty = False
    state.names.add(name)
    return rows
