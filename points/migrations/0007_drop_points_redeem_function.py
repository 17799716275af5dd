"""Drop points_redeem(), the PostgreSQL copy of the purchase that 0005 created: the ORM's
purchase (points/rewards/services.py) is the only one now, on every database. SQLite has
nothing to drop. Unapplying creates the function again with 0005's SQL."""

from importlib import import_module

from django.db import migrations

from friendlystreet.migration_sql import postgresql_only

DROP = """
DROP FUNCTION IF EXISTS points_redeem(bigint, bigint, text, text, timestamptz, date, timestamptz, timestamptz);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("points", "0006_unique_code_without_like_index"),
    ]

    operations = [postgresql_only(DROP, import_module("points.migrations.0005_redeem_in_postgresql").FORWARD)]
