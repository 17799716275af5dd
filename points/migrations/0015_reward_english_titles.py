"""An optional English title (title_en) beside a reward's Chinese one, and on the vouchers
issued from now on (a snapshot, as the title is): English pages, notices and the API show it,
exports, the ledger and the audit trail keep the Chinese title. Existing vouchers have none
and show the Chinese title, as before."""

from django.db import migrations, models

NAME_EN_HELP = "Shown to readers who chose English; leave it empty to show the Chinese name."


class Migration(migrations.Migration):
    dependencies = [("points", "0014_english_names")]

    operations = [
        migrations.AddField(
            model_name="reward",
            name="title_en",
            field=models.CharField(blank=True, help_text=NAME_EN_HELP, max_length=100, verbose_name="title (English)"),
        ),
        migrations.AddField(
            model_name="voucher",
            name="title_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="title (English)"),
        ),
    ]
