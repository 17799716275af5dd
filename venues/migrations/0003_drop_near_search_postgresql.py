"""PostgreSQL only: drops what 0002 added for the second venue search (its triggers and
their function, the hidden columns `earth` and `amenity_ids`, the index venue_earth). The
ORM's search (selectors.venue_list) is the only one, on every database: a bounding box
on the (lat, lng) index, then the distance computed by the database. The `cube`
extension stays: dropping it needs its owner, and nothing reads it any more.

Unapplied, it builds them again as 0002 did. SQLite had none of it: nothing happens there.
"""

from importlib import import_module

from django.db import migrations

from friendlystreet.migration_sql import postgresql_only

FORWARD = """
DROP TRIGGER IF EXISTS venues_amenity_ids_truncated ON venues_venue_amenities;
DROP TRIGGER IF EXISTS venues_amenity_ids_updated ON venues_venue_amenities;
DROP TRIGGER IF EXISTS venues_amenity_ids_deleted ON venues_venue_amenities;
DROP TRIGGER IF EXISTS venues_amenity_ids_inserted ON venues_venue_amenities;
DROP FUNCTION IF EXISTS venues_sync_amenity_ids();
DROP INDEX IF EXISTS venue_earth;
ALTER TABLE venues_venue DROP COLUMN IF EXISTS amenity_ids;
ALTER TABLE venues_venue DROP COLUMN IF EXISTS earth;
"""

BACKWARD = import_module("venues.migrations.0002_near_search_postgresql").FORWARD


class Migration(migrations.Migration):
    dependencies = [("venues", "0002_near_search_postgresql")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
