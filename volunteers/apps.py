from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from . import setup

        setup.register()
        from .figures import register as register_dashboard  # the staff dashboard's figures and queues

        register_dashboard()
        from .exports import register_exports  # the staff exports (台账) of friendlystreet.ledgers

        register_exports()
        from .privacy import register as register_privacy  # riders' data rights (friendlystreet.privacy)

        register_privacy()
        from .home import register as register_home  # the rider home's "my next activity" panel

        register_home()
