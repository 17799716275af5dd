"""SMS backends. A real provider is a subclass of BaseBackend whose send() calls the provider's
API and raises SmsError on failure; point SMS_BACKEND at its dotted path. Alibaba Cloud SMS ships
(aliyun.py, SMS_BACKEND=aliyun); what another one implements, and the templates mainland
providers require, are in deploy/README.md ("SMS provider").
"""

from __future__ import annotations

import logging
import sys

from friendlystreet.accounts.phones import mask_phone

from .models import OutboxMessage

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """Sending failed; `transient` says whether trying again later may help."""

    def __init__(self, message: str, *, transient: bool = True) -> None:
        super().__init__(message)
        self.transient = transient


class BaseBackend:
    def send(self, phone: str, text: str) -> None:
        """Send `text` (the whole message, SMS_SIGNATURE in front, in the recipient's language, which
        send_sms makes the active one when its caller names it) to `phone` (E.164); return once the
        provider has accepted it. Raise SmsError on failure,
        `transient` saying whether trying again later may help, and without the whole number in
        its message (it is logged). Keep each request to the provider short (a timeout of a few seconds):
        codes are sent while the rider waits, inside their sign-up's transaction."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development (`make run`): print the message to the terminal, where the developer reads the
    code they asked for. The number is masked: where the console is a journal that others read
    (a server left on this backend), a code is no use without the number it signs in
    (`manage.py check --deploy` warns about this backend with DEBUG off: sms.W001)."""

    def send(self, phone: str, text: str) -> None:
        sys.stdout.write(f"[SMS to {mask_phone(phone)}] {text}\n")
        sys.stdout.flush()


class OutboxBackend(BaseBackend):
    """Tests and demo: keep the message in a table instead of sending it."""

    def send(self, phone: str, text: str) -> None:
        OutboxMessage.objects.create(phone=phone, text=text)
