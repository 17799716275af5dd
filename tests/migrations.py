"""Running a data migration against rows written as they were before it: migrate back, read
the old models' state, write old rows, then forward (migrate_forward). Each call starts a
fresh executor, whose graph sees what the database now records as applied."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets=None) -> None:
    """To `targets` (a list of (app, migration)); None: every app's latest."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def state_before(*before, now: tuple[str, ...] = ()):
    """Migrate back to `before` and give the apps registry of that state, with the apps named in
    `now` (e.g. accounts, whose users the old rows point to) as they are today."""
    migrate(list(before))
    loader = MigrationExecutor(connection).loader
    return loader.project_state([*before, *(node for app in now for node in loader.graph.leaf_nodes(app))]).apps


def migrate_forward(*after) -> None:
    """Apply `after` (the migrations under test), then bring every app back to its latest."""
    migrate(list(after))
    migrate()
