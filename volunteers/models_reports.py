"""Neighbourhood reports (基层治理线索上报): what riders see on their rounds and report so that the
street office can act. `submitted` → `accepted` → `in_progress` → `resolved`, or `rejected`
(with a reason) or `duplicate` (linked to the original). Every change is a ReportUpdate the
reporter sees; acceptance pays through the points services, once (claim source_ref "report-<id>").
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from friendlystreet.names import in_reader_language


class ReportCategory(models.TextChoices):
    SAFETY_HAZARD = "safety_hazard", _("Safety hazard")
    SANITATION = "sanitation", _("Sanitation")
    PUBLIC_FACILITY = "public_facility", _("Public facility")
    TRAFFIC_PARKING = "traffic_parking", _("Traffic and parking")
    FIRE_LANE = "fire_lane", _("Blocked fire lane")
    DISPUTE = "dispute", _("Dispute")
    # A venue's page says something that is not so (closed in its hours, wrong hours, an
    # amenity gone, moved): the report names the venue (Report.venue).
    VENUE_INFO = "venue_info", _("Wrong venue information")
    OTHER = "other", _("Other")


class Report(models.Model):
    class Status(models.TextChoices):
        # In context: the catalogue's bare "Submitted" is a column heading (提交时间), and a
        # report is not "rejected" as a claim is (已驳回) but not taken up (不予受理).
        SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        REJECTED = "rejected", pgettext_lazy("report status", "Rejected")
        DUPLICATE = "duplicate", _("Duplicate")

    OPEN = (Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS)

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reporter"), on_delete=models.PROTECT, related_name="reports"
    )
    category = models.CharField(_("category"), max_length=20, choices=ReportCategory.choices)
    description = models.TextField(_("description"))
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    community = models.ForeignKey(
        "venues.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    # The venue the report is about (阵地信息有误), which is then its place; a venue that is
    # deleted leaves the report with the address it was filed with.
    venue = models.ForeignKey(
        "venues.Venue",
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports_assigned",
    )
    # When staff first answered (accepted, rejected or marked duplicate): the response time
    # that "overdue" measures; resolved_at when it was resolved.
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The form's key (one per rendering of the page) or the API's Idempotency-Key: the same
    # key sent again by the same rider is the same report (reports.services.report_submit).
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("neighbourhood report")
        verbose_name_plural = _("neighbourhood reports")
        permissions = [
            ("submit_report", _("Can report neighbourhood problems")),
            ("triage_reports", _("Can triage neighbourhood reports")),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="report_status_created"),
            models.Index(fields=["created_at"], name="report_created"),
            models.Index(fields=["resolved_at"], condition=Q(resolved_at__isnull=False), name="report_resolved_when"),
            models.Index(fields=["reporter", "-created_at"], name="report_reporter_recent"),
            # "Is this the same problem?": open reports of a category near a point.
            models.Index(fields=["category", "lat", "lng"], name="report_category_lat_lng"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | Q(status="duplicate"), name="report_duplicate_of_only_when_duplicate"
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=F("id")), name="report_not_duplicate_of_itself"),
            models.CheckConstraint(
                condition=(Q(lat__isnull=True) & Q(lng__isnull=True))
                | (Q(lat__gte=-90) & Q(lat__lte=90) & Q(lng__gte=-180) & Q(lng__lte=180)),
                name="report_pin_both_or_neither_and_valid",
            ),
            models.CheckConstraint(condition=Q(lat__isnull=False) | ~Q(address=""), name="report_has_a_place"),
            models.UniqueConstraint(
                fields=["reporter", "idempotency_key"], condition=~Q(idempotency_key=""), name="report_one_per_idempotency_key"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_category_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def claim_ref(self) -> str:
        """The points claim's `source_ref` for this report's acceptance."""
        return f"report-{self.pk}"


def photo_token() -> str:
    """16 random bytes as 32 hex characters: the token column's length (token_hex() alone gives 64,
    which PostgreSQL refuses)."""
    return secrets.token_hex(16)


def report_photo_path(instance: ReportPhoto, filename: str) -> str:
    # The name is ours, never the uploader's: a random token and the sniffed type.
    return f"reports/{instance.token[:2]}/{instance.token}.{instance.extension}"


class ReportPhoto(models.Model):
    """Evidence, cleaned as claim photos are (re-encoded, no EXIF); served only to the reporter
    and staff, never from /media/."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("image"), upload_to=report_photo_path, max_length=200)
    token = models.CharField(max_length=32, editable=False, default=photo_token)
    content_type = models.CharField(_("content type"), max_length=20)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")

    def __str__(self) -> str:
        return f"photo {self.pk} of report {self.report_id}"

    @property
    def extension(self) -> str:
        return {"image/png": "png", "image/webp": "webp"}.get(self.content_type, "jpg")


class ReportUpdate(models.Model):
    """One dated change of a report, with the note its reporter sees (the first is the submission)."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=12, choices=Report.Status.choices)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("report update")
        verbose_name_plural = _("report updates")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.status}"


class MeToo(models.Model):
    """Another rider saw the same problem ("me too"), instead of filing a duplicate: once per rider."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="me_toos")
    rider = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rider"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("me too")
        verbose_name_plural = _("me toos")
        constraints = [models.UniqueConstraint(fields=["report", "rider"], name="me_too_once_per_rider")]

    def __str__(self) -> str:
        return f"{self.rider_id} on {self.report_id}"


class ReplyTemplate(models.Model):
    """A reply staff start from when they answer a report of this category (or of any: blank)."""

    category = models.CharField(_("category"), max_length=20, choices=ReportCategory.choices, blank=True)
    status = models.CharField(
        _("for the move to"),
        max_length=12,
        choices=Report.Status.choices,
        blank=True,
        help_text=_("Offered when a report moves to this state; blank: always."),
    )
    title = models.CharField(_("title"), max_length=60)
    text = models.TextField(_("text"))
    # Not names.english_name_field(): that is a short name (100 characters); this is a note.
    text_en = models.TextField(
        _("text (English)"),
        blank=True,
        help_text=_("Filled in for reporters whose account reads English; left empty, they are given the Chinese text."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category", "status", "title", "id"]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")

    def __str__(self) -> str:
        return self.title

    def text_for(self, language: str) -> str:
        """The note it fills in for a reporter who reads `language`: the English text to one who
        reads English, when staff wrote one; else the Chinese text."""
        return in_reader_language(self.text, self.text_en, language)
