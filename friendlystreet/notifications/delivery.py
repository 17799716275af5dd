from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from friendlystreet.sms import send_sms

from . import kinds
from .models import Delivery


def deliver_once(delivery_id: int) -> str:
    """Send a queued delivery and record the outcome. Returns the resulting status."""
    with transaction.atomic():
        # Lock the row so that two workers handed the same id cannot both send it.
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status != Delivery.Status.QUEUED:
            return delivery.status if delivery else "missing"
        delivery.attempts += 1
        try:
            if delivery.channel == kinds.SMS:
                send_sms(delivery.address, delivery.text)
            else:
                subject, _sep, body = delivery.text.partition("\n\n")
                send_mail(subject, body, None, [delivery.address])
        except Exception as exc:  # noqa: BLE001 - recorded on the row
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            delivery.status = Delivery.Status.FAILED
            delivery.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            return delivery.status
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["attempts", "status", "sent_at", "updated_at"])
        return delivery.status
