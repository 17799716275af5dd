"""SMS backends. A real provider (Aliyun SMS, Tencent Cloud SMS) is a subclass of
BaseBackend whose send() calls the provider's API and raises SmsError on failure;
point SMS_BACKEND at its dotted path.
"""

from __future__ import annotations

import logging
import sys

from .models import OutboxMessage

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """Sending failed; `transient` says whether trying again later may help."""

    def __init__(self, message: str, *, transient: bool = True) -> None:
        super().__init__(message)
        self.transient = transient


class BaseBackend:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development: print the message, full number included, to the terminal."""

    def send(self, phone: str, text: str) -> None:
        sys.stdout.write(f"[SMS to {phone}] {text}\n")
        sys.stdout.flush()


class OutboxBackend(BaseBackend):
    """Tests and demo: keep the message in a table instead of sending it."""

    def send(self, phone: str, text: str) -> None:
        OutboxMessage.objects.create(phone=phone, text=text)
