"""An optional English name (name_en) for communities, as amenities have (now the one
friendlystreet.names.EnglishNamed field, with room for a longer English name)."""

from django.db import migrations, models

NAME_EN_HELP = "Shown to readers who chose English; leave it empty to show the Chinese name."


class Migration(migrations.Migration):
    dependencies = [("venues", "0015_community_position_in_words")]

    operations = [
        migrations.AddField(
            model_name="community",
            name="name_en",
            field=models.CharField(blank=True, help_text=NAME_EN_HELP, max_length=100, verbose_name="name (English)"),
        ),
        migrations.AlterField(
            model_name="amenity",
            name="name_en",
            field=models.CharField(blank=True, help_text=NAME_EN_HELP, max_length=100, verbose_name="name (English)"),
        ),
    ]
