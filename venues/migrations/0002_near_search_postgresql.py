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

from friendlystreet.migration_sql import postgresql_only

FORWARD = """
CREATE EXTENSION IF NOT EXISTS cube;

ALTER TABLE venues_venue ADD COLUMN earth cube GENERATED ALWAYS AS (cube(ARRAY[
    cos(radians(lat)) * cos(radians(lng)), cos(radians(lat)) * sin(radians(lng)), sin(radians(lat))
])) STORED;
CREATE INDEX venue_earth ON venues_venue USING gist (earth) WHERE active;

ALTER TABLE venues_venue ADD COLUMN amenity_ids bigint[] NOT NULL DEFAULT '{}';

-- Statement-level, with the changed rows as transition tables: a bulk import of thousands
-- of links rewrites each venue's copy once, not once per link. A trigger with transition
-- tables has one event, so there are four; each tells the function (TG_ARGV[0]) which
-- venues its statement touched.
CREATE FUNCTION venues_sync_amenity_ids() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE venues_venue SET amenity_ids = '{}' WHERE amenity_ids <> '{}';
    ELSE
        EXECUTE 'UPDATE venues_venue v SET amenity_ids = ARRAY('
            '    SELECT amenity_id FROM venues_venue_amenities WHERE venue_id = v.id ORDER BY amenity_id'
            ') WHERE v.id IN (' || TG_ARGV[0] || ')';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER venues_amenity_ids_inserted AFTER INSERT ON venues_venue_amenities
    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT
    EXECUTE FUNCTION venues_sync_amenity_ids('SELECT venue_id FROM new_links');
CREATE TRIGGER venues_amenity_ids_deleted AFTER DELETE ON venues_venue_amenities
    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT
    EXECUTE FUNCTION venues_sync_amenity_ids('SELECT venue_id FROM old_links');
CREATE TRIGGER venues_amenity_ids_updated AFTER UPDATE ON venues_venue_amenities
    REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT
    EXECUTE FUNCTION venues_sync_amenity_ids('SELECT venue_id FROM old_links UNION SELECT venue_id FROM new_links');
CREATE TRIGGER venues_amenity_ids_truncated AFTER TRUNCATE ON venues_venue_amenities
    FOR EACH STATEMENT EXECUTE FUNCTION venues_sync_amenity_ids();

UPDATE venues_venue v SET amenity_ids = ARRAY(
    SELECT amenity_id FROM venues_venue_amenities WHERE venue_id = v.id ORDER BY amenity_id
);
"""

BACKWARD = """
DROP TRIGGER IF EXISTS venues_amenity_ids_truncated ON venues_venue_amenities;
DROP TRIGGER IF EXISTS venues_amenity_ids_updated ON venues_venue_amenities;
DROP TRIGGER IF EXISTS venues_amenity_ids_deleted ON venues_venue_amenities;
DROP TRIGGER IF EXISTS venues_amenity_ids_inserted ON venues_venue_amenities;
DROP FUNCTION IF EXISTS venues_sync_amenity_ids();
ALTER TABLE venues_venue DROP COLUMN IF EXISTS amenity_ids;
ALTER TABLE venues_venue DROP COLUMN IF EXISTS earth;
"""


class Migration(migrations.Migration):
    dependencies = [("venues", "0001_initial")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
