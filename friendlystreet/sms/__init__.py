"""One way to send an SMS: `send_sms(phone, text)`, through the backend SMS_BACKEND names."""

from __future__ import annotations

import logging
from contextlib import nullcontext

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string

from friendlystreet.accounts.phones import mask_phone

logger = logging.getLogger(__name__)

BACKEND_ALIASES = {
    "console": "friendlystreet.sms.backends.ConsoleBackend",
    "outbox": "friendlystreet.sms.backends.OutboxBackend",
    "aliyun": "friendlystreet.sms.aliyun.AliyunBackend",
}


def get_backend():
    name = settings.SMS_BACKEND
    return import_string(BACKEND_ALIASES.get(name, name))()


def send_sms(phone: str, text: str, *, language: str | None = None) -> None:
    """Send through the configured backend; raises SmsError when the backend fails. `language`
    is the one `text` is written in (the recipient's): the backend runs with it active, so that a
    provider with a template per language (aliyun.py) sends the text through the right one.
    Without it, the language active at the call."""
    with translation.override(language) if language else nullcontext():
        get_backend().send(phone, f"{settings.SMS_SIGNATURE}{text}")
    # Logs never carry a full number (only the console backend prints one).
    logger.info("SMS sent to %s", mask_phone(phone))
