"""PostgreSQL only: what the "near" list (selectors.venue_page_near) reads instead of
computing it per request.

- `earth`: the venue's point on the unit sphere (the `cube` extension, trusted since
  PostgreSQL 13, so the database owner may create it), generated from lat/lng, with a GiST
  index: `ORDER BY earth <-> point LIMIT 20` walks the index nearest first and reads about
  twenty rows, where sorting by a computed distance reads every venue. The straight-line
  (chord) distance orders exactly as the great-circle one.
- `amenity_ids`: a copy of the venue's amenity ids, so the amenity filter is a test on the
  row rather than a join per venue. The m2m table stays the truth: a trigger rewrites the
  copy on every insert, update, delete and truncate there, whoever writes (services,
  admin, bulk import, raw SQL).

Django does not know either column (one is generated, the other has a database default),
so inserts are unchanged and SQLite needs nothing.
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS cube;

ALTER TABLE venues_venue ADD COLUMN earth cube GENERATED ALWAYS AS (cube(ARRAY[
    cos(radians(lat)) * cos(radians(lng)), cos(radians(lat)) * sin(radians(lng)), sin(radians(lat))
])) STORED;
CREATE INDEX venue_earth ON venues_venue USING gist (earth) WHERE active;

ALTER TABLE venues_venue ADD COLUMN amenity_ids bigint[] NOT NULL DEFAULT '{}';

CREATE FUNCTION venues_sync_amenity_ids() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE venues_venue SET amenity_ids = '{}' WHERE amenity_ids <> '{}';
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        UPDATE venues_venue SET amenity_ids = ARRAY(
            SELECT amenity_id FROM venues_venue_amenities WHERE venue_id = OLD.venue_id ORDER BY amenity_id
        ) WHERE id = OLD.venue_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE venues_venue SET amenity_ids = ARRAY(
            SELECT amenity_id FROM venues_venue_amenities WHERE venue_id = NEW.venue_id ORDER BY amenity_id
        ) WHERE id = NEW.venue_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER venues_sync_amenity_ids AFTER INSERT OR UPDATE OR DELETE ON venues_venue_amenities
    FOR EACH ROW EXECUTE FUNCTION venues_sync_amenity_ids();
CREATE TRIGGER venues_clear_amenity_ids AFTER TRUNCATE ON venues_venue_amenities
    FOR EACH STATEMENT EXECUTE FUNCTION venues_sync_amenity_ids();

UPDATE venues_venue v SET amenity_ids = ARRAY(
    SELECT amenity_id FROM venues_venue_amenities WHERE venue_id = v.id ORDER BY amenity_id
);
"""

BACKWARD = """
DROP TRIGGER IF EXISTS venues_clear_amenity_ids ON venues_venue_amenities;
DROP TRIGGER IF EXISTS venues_sync_amenity_ids ON venues_venue_amenities;
DROP FUNCTION IF EXISTS venues_sync_amenity_ids();
ALTER TABLE venues_venue DROP COLUMN IF EXISTS amenity_ids;
ALTER TABLE venues_venue DROP COLUMN IF EXISTS earth;
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("venues", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD))]
