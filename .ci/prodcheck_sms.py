"""The SMS backend of `.ci/prod-check`: the outbox (friendlystreet/sms), with a provider's
latency (PRODCHECK_SMS_SECONDS, default 0.1 s) so that a batch of deliveries takes a few
seconds and the check can stop the worker while some are being sent."""

from __future__ import annotations

import os
import time

from friendlystreet.sms.backends import OutboxBackend


class SlowOutbox(OutboxBackend):
    def send(self, phone: str, text: str) -> None:
        time.sleep(float(os.environ.get("PRODCHECK_SMS_SECONDS", "0.1")))
        super().send(phone, text)
