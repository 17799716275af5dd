from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    name = "friendlystreet.sms"
    label = "sms"
    verbose_name = _("SMS")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy check of SMS_BACKEND)
