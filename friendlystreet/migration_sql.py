"""SQL that only PostgreSQL gets: the indexes, columns and functions of the hot paths
(venues/0002, points/0005). SQLite (`make run`, `make test`) runs the ORM's code instead."""

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
