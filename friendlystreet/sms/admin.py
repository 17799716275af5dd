from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.admin_policy import ReadOnlyAdmin
from friendlystreet.accounts.phones import mask_phone

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """The outbox SMS backend's messages (tests and the demo: SMS_BACKEND=outbox), where a
    developer reads the code sent to a number. The number is masked, as in every list; the
    texts are what the backend would have sent."""

    list_display = ("created_at", "shown_phone", "text")

    @admin.display(description=_("phone"), ordering="phone")
    def shown_phone(self, message: OutboxMessage) -> str:
        return mask_phone(message.phone)
