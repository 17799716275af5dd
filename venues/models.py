"""Warm venues (暖新阵地) and residential-compound guides (小区指南).

Coordinates are stored in settings.MAP_COORD_SYSTEM: WGS-84 (what phones report) unless a
deployment chose otherwise. The browser converts them to the system the tiles are drawn in
(MAP_TILE_CRS: GCJ-02 for AMap) before drawing (static/js/maps.js), and a point picked on the
map back before it is stored; navigation links say which system they pass.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from friendlystreet.names import EnglishNamed, ReaderLabel, english_name_field

from . import hours as hours_lib
from .validators import validate_not_in_future, validate_phone, validate_point


def _coord_constraints(prefix: str, nullable: bool = False) -> list[models.CheckConstraint]:
    lat_ok = Q(lat__gte=-90) & Q(lat__lte=90)
    lng_ok = Q(lng__gte=-180) & Q(lng__lte=180)
    if nullable:
        lat_ok |= Q(lat__isnull=True)
        lng_ok |= Q(lng__isnull=True)
    return [
        models.CheckConstraint(condition=lat_ok, name=f"{prefix}_lat_range"),
        models.CheckConstraint(condition=lng_ok, name=f"{prefix}_lng_range"),
    ]


POSITION_MAX = 999
# The bounds in words (请填写 0 到 999 之间的整数), not Django's 确保该值大于或等于0: the same
# validators in the staff form and in the model the service validates (amenities, communities).
POSITION_RANGE = _("Enter a whole number from 0 to 999.")  # POSITION_MAX
POSITION_VALIDATORS = [
    MinValueValidator(0, message=POSITION_RANGE),
    MaxValueValidator(POSITION_MAX, message=POSITION_RANGE),
]


class Community(EnglishNamed):
    """A community (社区) of the sub-district: venues and compounds belong to one (and riders'
    reports). Street admins list, add and rename them on the staff page (services.community_*);
    one in use is never deleted (PROTECT, and the service says where it is used)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=POSITION_VALIDATORS)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.name


class Amenity(EnglishNamed):
    """Something a venue offers riders (water, charging, a toilet). Staff edit the list;
    the code is what the API and filters use, so it never changes once created."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=POSITION_VALIDATORS)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("amenity")
        verbose_name_plural = _("amenities")

    def __str__(self) -> str:
        return self.name


class TextAsWrittenEncoder(json.JSONEncoder):
    """JSON with its text as written ("热水"), not as \\u escapes ("\\u70ed\\u6c34"). SQLite
    keeps a JSON column's text as it was sent and PostgreSQL prints jsonb's text this way, so a
    search in that text finds the same rows on both databases."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class VenueKind(models.TextChoices):
    COMMUNITY_STATION = "community_station", _("Community station")
    MERCHANT = "merchant", _("Warm merchant")
    HOSPITAL = "hospital", _("Warm hospital")
    ACADEMY = "academy", _("Warm academy")
    PROPERTY_STATION = "property_station", _("Property station")


class Venue(ReaderLabel, models.Model):
    """A warm venue. Staff name it in Chinese (`name`: exports, the audit trail and __str__ keep
    it) and may add `name_en`; what a rider reads is label() (friendlystreet.names), as a
    reward's title. Only staff name a venue: its operators change the everyday details only
    (services.OPERATOR_FIELDS)."""

    name = models.CharField(_("name"), max_length=100)
    name_en = english_name_field()
    kind = models.CharField(_("kind"), max_length=20, choices=VenueKind.choices)
    community = models.ForeignKey(
        Community, verbose_name=_("community"), null=True, blank=True, on_delete=models.PROTECT, related_name="venues"
    )
    address = models.CharField(_("address"), max_length=200)
    # Range, area and a pair typed the wrong way round: clean() (validators.validate_point).
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    description = models.TextField(_("description"), blank=True)
    amenities = models.ManyToManyField(Amenity, verbose_name=_("amenities"), blank=True, related_name="venues")
    # Free text, one service per item: "off-peak haircut lane", "free clinic". Searched as the
    # JSON's text (selectors.venue_search_q), hence the encoder.
    services = models.JSONField(_("services for riders"), default=list, blank=True, encoder=TextAsWrittenEncoder)
    hours_note = models.CharField(_("note on opening hours"), max_length=200, blank=True)
    # Unique across venues and partners (selectors.plaque_holder, checked by the services:
    # rows from before may share one, and an edit that keeps it is not refused).
    plaque_number = models.CharField(_("plaque number"), max_length=40, blank=True)
    plaque_date = models.DateField(_("plaque date"), null=True, blank=True, validators=[validate_not_in_future])
    partner_since = models.DateField(_("partner since"), null=True, blank=True, validators=[validate_not_in_future])
    active = models.BooleanField(_("active"), default=True)
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("partner operators"), blank=True, related_name="operated_venues"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        permissions = [
            ("manage_venues", _("Can manage venues, amenities and compound guides")),
        ]
        constraints = [
            *_coord_constraints("venue"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in VenueKind]),
                name="venue_kind_valid",
            ),
        ]
        indexes = [
            # The bounding box of a "near" query: latitude first, it is the more selective.
            models.Index(fields=["lat", "lng"], name="venue_lat_lng"),
            models.Index(fields=["active", "kind"], name="venue_active_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        validate_point(self.lat, self.lng)

    def hour_ranges(self) -> list[hours_lib.Range]:
        """Uses prefetched `hours` when present (the list page prefetches them). Empty: the
        venue's hours are not given (a week nobody filled in), not "closed every day"."""
        return [hours_lib.Range(h.day, h.start, h.end) for h in self.hours.all()]

    def open_status(self, at: datetime | None = None) -> hours_lib.Status | None:
        """Open now and the next change (hours.status), or None when the hours are not given:
        never "closed" for a week nobody filled in. The venue's page and the API both ask here,
        as a gate's guide does (Gate.open_status)."""
        ranges = self.hour_ranges()
        return hours_lib.status(ranges, at) if ranges else None


class OpeningHours(models.Model):
    """One opening range of a venue: `day` 0 = Monday; minutes since that day's midnight.

    `end` beyond 1440 runs past midnight into the next day (see hours.py); a day with
    no row is closed, unless the venue has no row at all: then its hours are not given
    (Venue.open_status); 0–1440 is 24 hours. The constraints make nonsense unstorable.
    """

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="hours")
    day = models.PositiveSmallIntegerField(_("day"))
    start = models.PositiveSmallIntegerField(_("opens (minute of the day)"))
    end = models.PositiveSmallIntegerField(_("closes (minute from the day's midnight)"))

    class Meta:
        ordering = ["day", "start"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(condition=Q(day__gte=0, day__lte=6), name="hours_day_range"),
            models.CheckConstraint(condition=Q(start__gte=0, start__lt=hours_lib.DAY), name="hours_start_range"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")) & Q(end__lte=models.F("start") + hours_lib.DAY),
                name="hours_end_after_start",
            ),
            models.UniqueConstraint(fields=["venue", "day", "start"], name="hours_unique_start"),
        ]
        indexes = [models.Index(fields=["day", "start", "end"], name="hours_day_start_end")]

    def __str__(self) -> str:
        return hours_lib.describe_range(hours_lib.Range(self.day, self.start, self.end))


MAX_PHOTOS_PER_VENUE = 12


def venue_photo_path(instance: VenuePhoto, filename: str) -> str:
    return f"venues/{instance.venue_id}/{filename}"


class VenuePhoto(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="photos")
    # A FileField, not ImageField: uploads.clean_image has already validated and
    # re-encoded the file, and ImageField would decode it again to read its size.
    image = models.FileField(_("photo"), upload_to=venue_photo_path)
    # About 480 px, made at upload (friendlystreet.thumbnails) for the list; empty for older photos.
    thumbnail = models.FileField(_("thumbnail"), upload_to=venue_photo_path, blank=True)
    thumb_width = models.PositiveSmallIntegerField(null=True, blank=True)
    thumb_height = models.PositiveSmallIntegerField(null=True, blank=True)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("venue photo")
        verbose_name_plural = _("venue photos")

    def __str__(self) -> str:
        return self.caption or f"{self.venue} #{self.pk}"


# --- compound guides ------------------------------------------------------------------


class Compound(models.Model):
    """A large residential compound (小区): how riders get in, park and find a building."""

    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        Community, verbose_name=_("community"), null=True, blank=True, on_delete=models.PROTECT, related_name="compounds"
    )
    address = models.CharField(_("address"), max_length=200)
    # Range, area and a pair typed the wrong way round: clean() (validators.validate_point).
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))
    building_notes = models.TextField(_("finding buildings"), blank=True)
    property_phone = models.CharField(_("property management phone"), max_length=30, blank=True, validators=[validate_phone])
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("residential compound")
        verbose_name_plural = _("residential compounds")
        constraints = _coord_constraints("compound")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        validate_point(self.lat, self.lng)


class EntryMethod(models.TextChoices):
    OPEN = "open", _("Open, walk or ride in")
    REGISTER = "register", _("Register at the gate")
    CALL_GUARD = "call_guard", _("Call the guard")
    CODE = "code", _("Door code")
    FACE = "face", _("Face recognition")
    CALL_RESIDENT = "call_resident", _("Call the customer")


class Gate(models.Model):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="gates")
    name = models.CharField(_("name"), max_length=60)
    # Both or neither, in the area: clean() (validators.validate_point).
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    # None: not known yet (a new gate), shown to riders as nothing rather than a guess;
    # likewise an empty entry_method.
    ebikes_allowed = models.BooleanField(_("e-bikes may enter"), null=True, blank=True, default=None)
    # The text form of hours.py ("Mo-Su 06:00-23:00"); blank: not known.
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    entry_method = models.CharField(_("how riders get in"), max_length=20, choices=EntryMethod.choices, blank=True, default="")
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("gate")
        verbose_name_plural = _("gates")
        constraints = _coord_constraints("gate", nullable=True)

    def __str__(self) -> str:
        return f"{self.compound} · {self.name}"

    def clean(self) -> None:
        validate_point(self.lat, self.lng, optional=True)

    def hour_ranges(self) -> list[hours_lib.Range] | None:
        """The gate's week (hours.py), or None when it is not known: no hours given, or text
        that no longer reads (the guide then shows it as written and no open-now state)."""
        if not self.hours:
            return None
        try:
            return hours_lib.parse_hours(self.hours)
        except Exception:  # noqa: BLE001 - stored text is validated on save; never break a page over it
            return None

    def hours_summary(self) -> str:
        ranges = self.hour_ranges()
        return self.hours if ranges is None else hours_lib.summary(ranges, gate=True)

    def open_status(self, at: datetime | None = None) -> hours_lib.Status | None:
        """Open now and the next change (hours.status), or None when the hours are not known:
        never guess "shut". The guide's page and the API both ask here."""
        ranges = self.hour_ranges()
        return None if ranges is None else hours_lib.status(ranges, at)


class ParkingSpot(models.Model):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="parking_spots")
    description = models.CharField(_("where"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    # Both or neither, in the area: clean() (validators.validate_point).
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("rider parking spot")
        verbose_name_plural = _("rider parking spots")
        constraints = _coord_constraints("parking", nullable=True)

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        validate_point(self.lat, self.lng, optional=True)


class WarmBike(models.Model):
    """Warm bicycles (暖新单车) kept in a compound for in-compound delivery: how many, where."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="warm_bikes")
    count = models.PositiveSmallIntegerField(_("bicycles"))
    location = models.CharField(_("where"), max_length=200)
    notes = models.CharField(_("how to borrow"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("warm bicycles")
        verbose_name_plural = _("warm bicycles")
        constraints = [models.CheckConstraint(condition=Q(count__gte=1), name="warm_bike_count_positive")]

    def __str__(self) -> str:
        return f"{self.compound}: {self.count} @ {self.location}"


class TipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    # Approved once, taken off the guide later (a gate's rule changed): no longer shown; the
    # points its approval paid stay paid.
    WITHDRAWN = "withdrawn", pgettext_lazy("tip status", "Withdrawn")
    # Taken back by its author while it waited for review (services.tip_retract): never shown,
    # never reviewed, not counted.
    RETRACTED = "retracted", pgettext_lazy("tip status", "Withdrawn by its author")


# Tips that were approved at some time: the figures count them on the day of their approval.
ONCE_APPROVED = (TipStatus.APPROVED.value, TipStatus.WITHDRAWN.value)


TIP_MAX_LENGTH = 1000
TIP_KEY_MAX_LENGTH = 64  # an Idempotency-Key, as the claims' and the reports'


def shown_tip(prefix: str = "") -> Q:
    """A tip other riders see: approved, and not erased (an anonymised rider's approved tips
    stay for the figures and their claims, without text or photo, and are not shown)."""
    return Q(**{f"{prefix}status": TipStatus.APPROVED}) & ~Q(**{f"{prefix}text": ""})


def tip_photo_path(instance: Tip, filename: str) -> str:
    return f"tips/{instance.compound_id}/{filename}"


class Tip(models.Model):
    """A rider's tip on a compound ("Gate 3 lets e-bikes in after 22:00"). Shown once approved."""

    compound = models.ForeignKey(Compound, verbose_name=_("compound"), on_delete=models.CASCADE, related_name="tips")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="compound_tips")
    text = models.TextField(_("tip"), max_length=TIP_MAX_LENGTH)
    photo = models.FileField(_("photo"), upload_to=tip_photo_path, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TipStatus.choices, default=TipStatus.PENDING)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reject_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The form page's key (friendlystreet.inputs.page_idempotency_key) or the API's
    # Idempotency-Key: the same key again is this tip again (services.tip_submit).
    idempotency_key = models.CharField(_("idempotency key"), max_length=TIP_KEY_MAX_LENGTH, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("compound tip")
        verbose_name_plural = _("compound tips")
        permissions = [("moderate_tip", _("Can moderate compound tips"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in TipStatus]),
                name="tip_status_valid",
            ),
            # A rejection always says why (the rider is told).
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(reject_reason=""), name="tip_rejection_has_reason"),
            # So does a withdrawal (the author is told too).
            models.CheckConstraint(condition=~Q(status="withdrawn") | ~Q(reject_reason=""), name="tip_withdrawal_has_reason"),
            # One tip per key and author: a retry that raced the first request finds its tip.
            models.UniqueConstraint(
                fields=["author", "idempotency_key"], condition=~Q(idempotency_key=""), name="tip_one_per_idempotency_key"
            ),
        ]
        indexes = [
            models.Index(fields=["compound", "status"], name="tip_compound_status"),
            models.Index(fields=["reviewed_at"], condition=Q(status__in=ONCE_APPROVED), name="tip_approved_when"),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    def photo_version(self) -> str:
        """A fingerprint of the stored photo (its random stored name), put in the photo's address:
        a photo replaced or gone is never served from a cache under the address of another
        (views.tip_photo answers an address whose version is not the photo's with 404)."""
        return hashlib.sha256(self.photo.name.encode()).hexdigest()[:12] if self.photo else ""

    def photo_url(self, *, thumb: bool = False) -> str:
        """The photo's address (or its small copy's), with the photo's version: '' without one."""
        if not self.photo:
            return ""
        query = {"size": "thumb"} if thumb else {}
        return f"{reverse('venues:tip_photo', args=[self.pk])}?{urlencode({**query, 'v': self.photo_version()})}"

    def photo_thumb_url(self) -> str:
        return self.photo_url(thumb=True)


class Partner(models.Model):
    """A partner of the programme that is not a venue (e.g. the company that donated the warm
    bicycles): shown on the partners' wall beside the partner venues."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind of partner"), max_length=60, help_text=_("e.g. enterprise, donor, association"))
    contribution = models.CharField(_("what they gave or do"), max_length=200, blank=True)
    # Unique across venues and partners (selectors.plaque_holder, checked by the services:
    # rows from before may share one, and an edit that keeps it is not refused).
    plaque_number = models.CharField(_("plaque number"), max_length=40, blank=True)
    plaque_date = models.DateField(_("plaque date"), null=True, blank=True, validators=[validate_not_in_future])
    partner_since = models.DateField(_("partner since"), null=True, blank=True, validators=[validate_not_in_future])
    active = models.BooleanField(_("shown on the wall"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name", "id"]
        verbose_name = _("partner (not a venue)")
        verbose_name_plural = _("partners (not venues)")

    def __str__(self) -> str:
        return self.name


class VenueImport(models.Model):
    """One import of a venue spreadsheet that went through: what the audit trail names as the
    object of the import (阵地导入 #3, with its counts), as it names a venue for its edits."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    created = models.PositiveIntegerField(_("venues created"), default=0)
    updated = models.PositiveIntegerField(_("venues updated"), default=0)
    duplicates = models.PositiveIntegerField(_("rows left out as duplicates"), default=0)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("venue import")
        verbose_name_plural = _("venue imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else self.file_name
