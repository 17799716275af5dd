"""notify(): the one way to tell a user something."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from . import kinds
from .models import Delivery, Notification


def recipient_language(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def channels_for(user, kind: kinds.Kind) -> list[str]:
    """The kind's default channels, narrowed by the user's preferences (in-app always)."""
    from .preferences import wanted_channels

    return [kinds.IN_APP, *[c for c in kind.default_channels if c != kinds.IN_APP and c in wanted_channels(user, kind)]]


def _render(template, context: dict[str, Any]) -> str:
    return str(template) % context if context else str(template)


def notify(recipient, kind: str, context: dict[str, Any] | None = None, link: str | None = None) -> Notification:
    """Write an in-app notification now, in the caller's transaction, and queue its SMS and
    e-mail deliveries; the delivery tasks start only after the transaction commits, so a
    rolled-back action sends nothing."""
    spec = kinds.get(kind)  # raises UnknownKind: a typo is a bug, not a silent drop
    context = dict(context or {})
    with translation.override(recipient_language(recipient)):
        title = _render(spec.title, context)
        body = _render(spec.body, context)
        sms_text = _render(spec.sms, context) if spec.sms else body

    notification = Notification.objects.create(
        recipient=recipient, kind=kind, title=title, body=body, link=link or "", context=context
    )
    for channel in channels_for(recipient, spec):
        if channel == kinds.IN_APP:
            continue
        delivery = _create_delivery(notification, channel, recipient, title, body, sms_text)
        if delivery.status == Delivery.Status.QUEUED:
            _send_on_commit(delivery.id)
    return notification


def _create_delivery(notification, channel, recipient, title, body, sms_text) -> Delivery:
    if channel == kinds.SMS:
        if not recipient.phone:
            return Delivery.objects.create(
                notification=notification,
                channel=channel,
                status=Delivery.Status.SKIPPED,
                last_error="The recipient has no phone number.",
            )
        return Delivery.objects.create(notification=notification, channel=channel, address=recipient.phone, text=sms_text)
    if not recipient.email:
        return Delivery.objects.create(
            notification=notification,
            channel=channel,
            status=Delivery.Status.SKIPPED,
            last_error="The recipient has no e-mail address.",
        )
    return Delivery.objects.create(notification=notification, channel=channel, address=recipient.email, text=f"{title}\n\n{body}")


def _send_on_commit(delivery_id: int) -> None:
    from .tasks import deliver

    transaction.on_commit(lambda: queue_delivery(deliver, delivery_id))


def queue_delivery(task, delivery_id: int) -> None:
    """Hand a delivery to Celery. If the broker is down the row stays `queued` and the
    periodic sweep hands it over again later: the user's action has already succeeded."""
    import logging

    try:
        task.delay(delivery_id)
    except Exception:  # noqa: BLE001 - any broker error; the sweep retries
        logging.getLogger(__name__).warning("broker unavailable; delivery %s left queued for the sweep", delivery_id)
