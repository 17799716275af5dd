# The services' JSON is stored with its text as written ("热水", not "\u70ed\u6c34"), so that the
# venue search finds a service on SQLite as on PostgreSQL (venues.selectors.venue_search_q).
# Only the field's encoder changes: no column changes (SQLite would rebuild the table for an
# AlterField), then the rows written before are written again with the new encoder.

from django.db import migrations, models

import venues.models


def write_again(apps, schema_editor):
    Venue = apps.get_model("venues", "Venue")
    for venue in Venue.objects.only("id", "services").iterator():
        Venue.objects.filter(pk=venue.pk).update(services=venue.services)


class Migration(migrations.Migration):
    dependencies = [
        ("venues", "0008_coordinate_range_messages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="venue",
                    name="services",
                    field=models.JSONField(
                        blank=True, default=list, encoder=venues.models.TextAsWrittenEncoder, verbose_name="services for riders"
                    ),
                ),
            ],
        ),
        migrations.RunPython(write_again, migrations.RunPython.noop, elidable=True),
    ]
