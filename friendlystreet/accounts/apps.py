from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "friendlystreet.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")


def _sync_roles_after_migrate(sender, **kwargs) -> None:
    from .roles import sync_roles

    sync_roles()
