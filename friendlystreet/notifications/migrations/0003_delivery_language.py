from django.conf import settings
from django.db import migrations, models


def language_of_the_recipient(apps, schema_editor):
    """Rows written before the language travelled with the text: notify() wrote each in its
    recipient's language (User.language, blank for the site's), and the recipient's language now
    is the best record of it that there is; it is also what these rows were sent with until now.
    (A text cannot be told apart by its script: an English one quotes Chinese venue names.) The
    AddField's default has given every row the site's language; rows of a recipient who chose
    another get theirs."""
    Delivery = apps.get_model("notifications", "Delivery")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    chosen = User.objects.exclude(language="").values_list("language", flat=True).distinct()
    for language in list(chosen):
        Delivery.objects.filter(notification__recipient__language=language).update(language=language)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_preferences_and_retries"),
        ("accounts", "0007_language_blank_follows_the_browser"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="language",
            field=models.CharField(
                choices=[("zh-hans", "Simplified Chinese"), ("en", "English")],
                default="zh-hans",
                max_length=10,
                verbose_name="language",
            ),
        ),
        migrations.RunPython(language_of_the_recipient, migrations.RunPython.noop),
    ]
