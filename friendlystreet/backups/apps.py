from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """`manage.py backup` and `manage.py restore` (README, "Deploying"): no models, no URLs."""

    name = "friendlystreet.backups"
    label = "backups"
    verbose_name = "Backups"
