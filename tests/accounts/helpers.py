"""What the accounts' stories share: the SMS a number was sent and the code in the last one,
allauth's app API, the sign-up forms as a new rider fills them in, and an SMS provider that is down."""

from __future__ import annotations

import re

from friendlystreet.sms.models import OutboxMessage

# allauth's app API (HEADLESS_CLIENTS = ("app",)).
APP = "/_allauth/app/v1"

# The web sign-up form, filled in by a new rider (the number is the test's: "phone").
SIGNUP = {
    "password1": "a-Strong-pass-2026",
    "password2": "a-Strong-pass-2026",
    "display_name": "王小骑",
    "work_type": "delivery",
    "platform": "美团",
    "privacy_consent": "on",
}
# The same in the app's sign-up (POST /auth/signup, JSON).
APP_SIGNUP = {
    "password": "a-Strong-pass-2026",
    "display_name": "王小骑",
    "work_type": "delivery",
    "platform": "美团",
    "privacy_consent": True,
}


def texts_sent_to(phone: str) -> list[str]:
    """The SMS the outbox backend kept for `phone` (E.164), oldest first."""
    return list(OutboxMessage.objects.filter(phone=phone).order_by("id").values_list("text", flat=True))


def last_code(phone: str) -> str:
    """The six-digit code in the last SMS sent to `phone`."""
    return re.search(r"\b(\d{6})\b", texts_sent_to(phone)[-1]).group(1)


def app_post(client, path: str, data: dict, token: str | None = None):
    """POST JSON to allauth's app API (`path` after /_allauth/app/v1), with a session token if any."""
    headers = {"X-Session-Token": token} if token else {}
    return client.post(f"{APP}{path}", data, content_type="application/json", headers=headers)


# An SMS provider that answers every message with an error, as one does during an outage,
# configured as SMS_BACKEND the way a deployment names its provider's class.
PROVIDER_DOWN = "tests.notifications.backends.AlwaysDown"
