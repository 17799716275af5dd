from __future__ import annotations

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

# How long a finished export (and its file) is kept.
KEEP_DAYS = 7
# What Windows and macOS refuse in a file name.
FILENAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def export_path(instance: Export, filename: str) -> str:
    # Named at random, never by its kind or owner: the file is served only through a view
    # that checks the owner, and a guessable name would not survive a misconfigured /media/.
    return f"exports/{instance.created_at:%Y/%m}/{secrets.token_hex(16)}.{instance.format}"


def default_expiry():
    return timezone.now() + timedelta(days=KEEP_DAYS)


class Export(models.Model):
    """One export a staff member asked for: `queued` → `running` → `done` | `failed`."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX (Excel)"

    class Failure(models.TextChoices):
        """Why a failed export failed, in words the staff member reads on the page (the
        technical detail is `error`, for whoever looks into it)."""

        QUEUE_DOWN = "queue_down", _("The export service could not be reached. Please export again in a few minutes.")
        WORKER_STOPPED = (
            "worker_stopped",
            _("The export was interrupted before its file was finished (the server restarted). Please export again."),
        )
        TOO_LONG = "too_long", _("The export took too long and was stopped. Choose fewer days and export again.")
        KIND_GONE = "kind_gone", _("This ledger is no longer offered.")
        ERROR = "error", _("Something went wrong while the file was being written. Please export again.")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="exports"
    )
    kind = models.CharField(_("ledger"), max_length=40)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    # Names and phone numbers unmasked: only for staff with the permission, and audited. Named
    # positively: the audit trail reads 姓名和手机号完整显示：否, not the double negative 未脱敏：否.
    personal_data = models.BooleanField(_("names and phone numbers shown in full"), default=False)
    # The language of the header and labels: the one the staff member used when asking.
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, max_length=200, blank=True)
    # Why it failed: the reason shown on the page (Failure), and the technical detail.
    failure = models.CharField(_("reason of failure"), max_length=16, choices=Failure.choices, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), default=default_expiry)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        permissions = [("create_export", _("Can export ledgers"))]
        indexes = [
            # A staff member's own exports, newest first.
            models.Index(fields=["owner", "-created_at"], name="export_owner_recent"),
            # The daily clean-up.
            models.Index(fields=["expires_at"], name="export_expiry"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["queued", "running", "done", "failed"]), name="export_status_valid"),
            models.CheckConstraint(condition=Q(format__in=["csv", "xlsx"]), name="export_format_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_progress_percent"),
            models.CheckConstraint(condition=Q(start__lte=models.F("end")), name="export_range_ordered"),
            # A failed export says why (the page shows it); no other has a reason of failure.
            models.CheckConstraint(
                condition=(Q(status="failed") & Q(failure__in=["queue_down", "worker_stopped", "too_long", "kind_gone", "error"]))
                | (~Q(status="failed") & Q(failure="")),
                name="export_failure_when_failed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.start}–{self.end} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def filename(self) -> str:
        """What the browser saves it as, in the language it was asked in: the ledger's name and
        its days, 积分流水_2026年11月.csv for a whole month, else 积分流水_2026-12-01至2026-12-06.csv
        (sent as RFC 5987 filename*, so a browser keeps the Chinese)."""
        from .registry import days_label, get_kind

        with translation.override(self.language):
            kind = get_kind(self.kind)
            name = FILENAME_FORBIDDEN.sub(" ", str(kind.label)) if kind else self.kind
            return f"{name}_{days_label(self.start, self.end)}.{self.format}"
