"""SQL that only PostgreSQL gets, in migrations. Today: undoing the SQL twins of earlier
releases (venues/0003 drops 0002's search columns, points/0007 drops 0005's purchase
function), which stay as history. An index or a constraint may be PostgreSQL-only; a rule
never is: rules live in the ORM and run the same on SQLite."""

from __future__ import annotations

from django.db import migrations


def postgresql_only(forward: str, backward: str) -> migrations.RunPython:
    """A migration operation running `forward` (and `backward` when unapplied) on
    PostgreSQL, and nothing elsewhere. The SQL must not contain %: it goes through the
    driver's parameter interpolation."""

    def run(sql: str):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(sql)

        return operation

    return migrations.RunPython(run(forward), run(backward))
