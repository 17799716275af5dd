"""notify(): the one way to tell a user something; and the other writes of this app."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from friendlystreet import office
from friendlystreet.api.errors import DomainError
from friendlystreet.audit.services import audit_record
from friendlystreet.days import local_day_bounds
from friendlystreet.lists import listed

from . import conf, digest, kinds, selectors
from .models import NO_EMAIL, NO_PHONE, ChannelPreference, Delivery, Notification
from .preferences import wanted_channels

logger = logging.getLogger(__name__)

MANAGE_DELIVERIES = "notifications.manage_deliveries"

# How long the web request waits for a broker that does not answer before it gives up and
# leaves the delivery to the sweep: the rider's action must not hang because Redis is down.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


class DeliveryNotRetryable(DomainError):
    code = "delivery_not_retryable"
    default_message = _("Only a failed delivery can be retried.")


def recipient_language(user) -> str:
    """The language what we send `user` is written in: their account's (User.language, the
    language they chose on the site), else the site's."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def channels_for(user, kind: kinds.Kind) -> list[str]:
    """In-app always, then the kind's outgoing channels this user wants."""
    wanted = wanted_channels(user, kind)
    return [kinds.IN_APP, *[c for c in kind.choosable_channels() if c in wanted]]


def _render(template, context: dict[str, Any]) -> str:
    return str(template) % context if context else str(template)


def notify(recipient, kind: str, context: dict[str, Any] | None = None, link: str | None = None) -> Notification:
    """Write an in-app notification now, in the caller's transaction, and queue its SMS and
    e-mail deliveries; the delivery tasks start only after the transaction commits, so a
    rolled-back action sends nothing.

    Everything is written here, once, in the recipient's language (recipient_language: their
    account's), whoever's request this is: a reviewer working in Chinese tells an English-
    speaking rider in English. The inbox, the SMS and the e-mail show the same stored words.

    `context` fills the kind's %(name)s placeholders and is stored with the notification:
    plain JSON values, or lazy translations (gettext_lazy, a choice's `.label`,
    django.utils.functional.lazy), which are rendered here in the recipient's language. A
    string already translated by the caller stays in the caller's language. `link` is a path
    on this site ("/points/claims/12/") that the inbox opens.
    """
    spec = kinds.get(kind)  # raises UnknownKind: a typo is a bug, not a silent drop
    language = recipient_language(recipient)
    with translation.override(language):
        context = {key: str(value) if isinstance(value, Promise) else value for key, value in (context or {}).items()}
        title = _render(spec.title, context)
        body = _render(spec.body, context)
        sms_text = _render(spec.sms, context) if spec.sms else body
        if spec.office_contact:
            body, sms_text = office.with_contact(body), office.with_contact(sms_text)

    notification = Notification.objects.create(
        recipient=recipient, kind=kind, title=title[:200], body=body, link=link or "", context=context
    )
    selectors.forget_unread_count(recipient)
    for channel in channels_for(recipient, spec):
        if channel == kinds.IN_APP:
            continue
        delivery = _create_delivery(notification, channel, recipient, language, title, body, sms_text)
        if delivery.status == Delivery.Status.QUEUED:
            _send_on_commit(delivery.id)
    return notification


def _create_delivery(notification, channel, recipient, language, title, body, sms_text) -> Delivery:
    # The row keeps the language its text is written in: a retry sends it in that language
    # whatever the recipient has chosen since (delivery._send).
    row = {"notification": notification, "channel": channel, "language": language}
    if channel == kinds.SMS:
        if not recipient.phone:
            return Delivery.objects.create(**row, status=Delivery.Status.SKIPPED, last_error=NO_PHONE)
        return Delivery.objects.create(**row, address=recipient.phone, text=sms_text)
    if not recipient.email:
        return Delivery.objects.create(**row, status=Delivery.Status.SKIPPED, last_error=NO_EMAIL)
    return Delivery.objects.create(**row, address=recipient.email, text=f"{title}\n\n{body}")


def _send_on_commit(delivery_id: int) -> None:
    from .tasks import deliver

    transaction.on_commit(lambda: queue_delivery(deliver, delivery_id))


def queue_delivery(task, delivery_id: int) -> None:
    """Hand a delivery to Celery. If the broker is down the row stays `queued` and the
    periodic sweep hands it over again later: the user's action has already succeeded."""
    try:
        task.apply_async((delivery_id,), retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except Exception:  # noqa: BLE001 - any broker error; the sweep retries
        logger.warning("broker unavailable; delivery %s left queued for the sweep", delivery_id)


# --- the sweep ------------------------------------------------------------------------


def deliveries_sweep(*, now: datetime | None = None) -> int:
    """Hand over again every queued delivery whose next try is overdue by more than the
    grace period: its task was lost (the broker was down at commit time, or a retry could
    not be published). Each row is handed over once per grace period, and the delivery task
    is idempotent, so a row whose task was only slow is still sent once. Returns how many."""
    from .tasks import deliver

    now = now or timezone.now()
    overdue = now - timedelta(seconds=conf.get("NOTIFICATIONS_SWEEP_GRACE_SECONDS"))
    with transaction.atomic():
        # skip_locked: a row a worker is sending right now is not overdue, just busy.
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=Delivery.Status.QUEUED, next_attempt_at__lt=overdue)
            .order_by("next_attempt_at")
            .values_list("id", flat=True)[: conf.get("NOTIFICATIONS_SWEEP_BATCH")]
        )
        Delivery.objects.filter(id__in=ids).update(next_attempt_at=now)
        for delivery_id in ids:
            transaction.on_commit(lambda delivery_id=delivery_id: queue_delivery(deliver, delivery_id))
    if ids:
        logger.info("sweep re-queued %s deliveries", len(ids))
    return len(ids)


def delivery_retry(*, actor, delivery: Delivery) -> Delivery:
    """Staff: send a failed delivery again, with a fresh set of attempts."""
    if not actor.has_perm(MANAGE_DELIVERIES):
        raise PermissionDenied
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status != Delivery.Status.FAILED:
            raise DeliveryNotRetryable()
        audit_record(
            actor=actor,
            action="notifications.delivery.retry",
            target=delivery,
            data={"attempts": delivery.attempts, "last_error": delivery.last_error},
        )
        delivery.status = Delivery.Status.QUEUED
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
        _send_on_commit(delivery.id)
    return delivery


# --- the inbox --------------------------------------------------------------------------


def notification_mark_read(*, user, notification: Notification) -> Notification:
    """Mark one of the user's own notifications read (again: a no-op)."""
    if notification.recipient_id != user.id:
        raise PermissionDenied
    if notification.read_at is None:
        now = timezone.now()
        # Conditional update: two tabs marking at once keep the first time.
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        selectors.forget_unread_count(user)
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_shown_read(*, user, notifications: list[Notification]) -> int:
    """The inbox page marks what it showed as read (one UPDATE); the page still renders them as
    new this once, from the rows it already loaded. Only the user's own, only unread ones."""
    ids = [n.pk for n in notifications if n.read_at is None and n.recipient_id == user.id]
    if not ids:
        return 0
    selectors.forget_unread_count(user)
    return Notification.objects.filter(pk__in=ids, recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, user) -> int:
    selectors.forget_unread_count(user)
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_read_about(*, user, link: str, of_kinds: tuple[str, ...]) -> int:
    """Mark read the user's unread notices of these kinds that lead to `link`, in the caller's
    transaction: the service whose action makes them stale calls it (a rider who gives back their
    place at an activity: its 报名成功 … 到场后请出示签到码 no longer holds, and stays out of the
    unread count and the home page's 未读消息)."""
    selectors.forget_unread_count(user)
    return Notification.objects.filter(recipient=user, kind__in=of_kinds, link=link, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def channel_preferences_save(*, user, choices: dict[str, set[str]]) -> None:
    """Save which outgoing channels the user wants for each kind ({kind code: {channels}});
    a kind left out keeps its saved choices. Channels a kind does not offer are ignored. (The
    language is the account's, chosen with the language switch: accounts/language.py.)"""
    with transaction.atomic():
        for code, wanted in choices.items():
            spec = kinds.get(code)
            for channel in spec.choosable_channels():
                ChannelPreference.objects.update_or_create(
                    user=user, kind=code, channel=channel, defaults={"enabled": channel in wanted}
                )


# --- the morning digest -------------------------------------------------------------------

DIGEST_KIND = "reviewer_digest"


def digest_recipients():
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.with_perm(digest.DIGEST_PERM, include_superusers=False, backend=settings.AUTHENTICATION_BACKENDS[0])
        .filter(is_active=True)
        .order_by("id")
    )


def digest_send(*, now: datetime | None = None) -> int:
    """Send each reviewer the counts of what waits for them; nothing to whoever has nothing
    pending, and nothing twice on one day (a beat run delivered twice). Returns how many."""
    from django.urls import reverse

    now = now or timezone.now()
    start_of_day, _tomorrow = local_day_bounds(now)
    already = set(
        Notification.objects.filter(kind=DIGEST_KIND, created_at__gte=start_of_day).values_list("recipient_id", flat=True)
    )
    sent = 0
    for user in digest_recipients():
        if user.id in already:
            continue
        lines = digest.counts_for(user)
        if not lines:
            continue
        with translation.override(recipient_language(user)):
            text_lines = [gettext("%(label)s: %(count)s") % {"label": s.label, "count": n} for s, n in lines]
            # The SMS puts the lines on one: "；" between them in Chinese, "; " in English.
            summary = listed(text_lines, semicolons=True)
        with transaction.atomic():
            notify(
                user,
                DIGEST_KIND,
                {"lines": "\n".join(text_lines), "summary": summary},
                link=reverse("staff_dashboard"),
            )
        sent += 1
    return sent
