# The voucher code unique by a constraint, without the LIKE index unique=True added (see the model).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('points', '0005_redeem_in_postgresql'),
        ('venues', '0002_near_search_postgresql'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='voucher',
            name='code',
            field=models.CharField(max_length=16, verbose_name='code'),
        ),
        migrations.AddConstraint(
            model_name='voucher',
            constraint=models.UniqueConstraint(fields=('code',), name='voucher_code_unique'),
        ),
    ]
