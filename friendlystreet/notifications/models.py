from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """What the recipient sees in their inbox; written in the caller's transaction."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"]), models.Index(fields=["recipient", "-created_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        permissions = [
            ("manage_deliveries", _("Can see and retry failed SMS and e-mail deliveries")),
            ("receive_digest", _("Receives the morning digest of pending work")),
        ]

    def __str__(self) -> str:
        return self.title


# Why a delivery was skipped, stored as written here (English, like a provider's error) and
# shown to staff in their language (Delivery.error_text).
NO_PHONE = "The recipient has no phone number."
NO_EMAIL = "The recipient has no e-mail address."
SKIP_REASONS = {NO_PHONE: _("The recipient has no phone number."), NO_EMAIL: _("The recipient has no e-mail address.")}


class Delivery(models.Model):
    """One outgoing SMS or e-mail of a notification. Created before sending, so that a
    failure can be seen and retried; `status` moves queued → sent | failed (or skipped)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=10)
    address = models.CharField(_("address"), max_length=254, blank=True)
    text = models.TextField(_("text"), blank=True)
    # The language `text` is written in (notify() writes it in the recipient's), kept with it: a
    # provider picks its template by it (sms/aliyun.py), and a retry after the recipient switched
    # language must send the old words through their own language's template, not the new one's.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # When the next try is due. A queued row whose time is long past lost its task (the
    # broker was down, or a retry could not be published): the periodic sweep re-queues it.
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="one_delivery_per_channel"),
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.channel} → {self.status}"

    @property
    def error_text(self) -> str:
        """The last error for the staff page: our own reasons translated, a provider's as it said it."""
        return str(SKIP_REASONS.get(self.last_error, self.last_error))

    @property
    def masked_address(self) -> str:
        """For the staff list: enough to tell rows apart, not to copy a number."""
        from friendlystreet.accounts.phones import mask_phone

        if self.channel == "sms":
            return mask_phone(self.address)
        local, _at, domain = self.address.partition("@")
        return f"{local[:1]}***@{domain}" if domain else ""


class ChannelPreference(models.Model):
    """A user's choice for one channel of one kind. Only choices that differ from the kind's
    default are interesting, but a row is kept for every channel the user saved."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="channel_preferences"
    )
    kind = models.CharField(_("kind"), max_length=50)
    channel = models.CharField(_("channel"), max_length=10)
    enabled = models.BooleanField(_("enabled"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="one_preference_per_user_kind_channel"),
        ]
        verbose_name = _("channel preference")
        verbose_name_plural = _("channel preferences")

    def __str__(self) -> str:
        return f"{self.kind}/{self.channel}: {'on' if self.enabled else 'off'}"
