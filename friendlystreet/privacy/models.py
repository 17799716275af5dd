from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def export_path(instance: DataExport, filename: str) -> str:
    # A random name: the file is served only through a view that checks its owner.
    return f"privacy/exports/{secrets.token_hex(16)}.zip"


class DataExport(models.Model):
    """A rider's "download my data": `queued` → `running` → `done` | `failed`; the file
    (data.json and photos/ in a ZIP) is deleted when it expires."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    rider = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rider"), on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("file"), upload_to=export_path, max_length=200, blank=True)
    created_at = models.DateTimeField(_("requested at"))
    expires_at = models.DateTimeField(_("kept until"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        indexes = [models.Index(fields=["rider", "-created_at"], name="dataexport_rider_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]), name="dataexport_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"data export #{self.pk} ({self.status})"


class DeletionRequest(models.Model):
    """A rider's request to delete their account (or a street admin's, for a rider who asked
    in person). Pending while `cancelled_at` and `done_at` are empty; anonymised at
    `scheduled_for` by a periodic task (at once when staff run it)."""

    rider = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rider"), on_delete=models.CASCADE, related_name="deletion_requests"
    )
    requested_at = models.DateTimeField(_("requested at"))
    scheduled_for = models.DateTimeField(_("scheduled for"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        permissions = [("anonymise_rider", _("Can anonymise a rider's account at once"))]
        indexes = [models.Index(fields=["scheduled_for"], name="deletion_due", condition=Q(cancelled_at=None, done_at=None))]
        constraints = [
            # One open request per rider: a double click cannot schedule two.
            models.UniqueConstraint(
                fields=["rider"], condition=Q(cancelled_at=None, done_at=None), name="one_open_deletion_per_rider"
            ),
        ]

    def __str__(self) -> str:
        return f"deletion #{self.pk} of user {self.rider_id}"

    @property
    def is_pending(self) -> bool:
        return self.cancelled_at is None and self.done_at is None


class DeletionCode(models.Model):
    """The SMS code that confirms a deletion request: only its keyed hash is stored, it
    lives a few minutes and allows a few tries."""

    rider = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("deletion code")
        verbose_name_plural = _("deletion codes")

    def __str__(self) -> str:
        return f"deletion code of user {self.rider_id}"
