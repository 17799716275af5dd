"""The volunteer side of a rider: the 帮帮龘 team, micro-grid appointments, party membership,
activities with sign-up, waitlist and check-in.

Points are never written here: attendance pays through `points.services.claim_create_from_source`
(one claim per sign-up, `source_ref = "signup-<id>"`), so the ledger stays the one truth and the
volunteer record is computed from attendance and the claims, never stored twice.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from friendlystreet.names import ReaderLabel, english_name_field

# Record codes: 10 characters from an alphabet without look-alikes (as voucher codes).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_record_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class RiderProfile(models.Model):
    """What the volunteers app keeps about a rider beyond the user row: the home community and
    the code that opens the public verification page of their volunteer record."""

    rider = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("rider"), on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    home_community = models.ForeignKey(
        "venues.Community", verbose_name=_("home community"), null=True, blank=True, on_delete=models.SET_NULL
    )
    record_code = models.CharField(_("record code"), max_length=12, unique=True, default=new_record_code)

    class Meta:
        verbose_name = _("rider profile")
        verbose_name_plural = _("rider profiles")

    def __str__(self) -> str:
        return str(self.rider)


class TeamMembership(models.Model):
    """A rider's place in the 帮帮龘 team: `requested` → `member` | `declined`; a member may leave."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        MEMBER = "member", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")

    rider = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("rider"), on_delete=models.CASCADE, related_name="team_membership"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(_("requested at"))
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        permissions = [("manage_volunteers", _("Can manage the team, micro-grid members and party members"))]
        indexes = [models.Index(fields=["status", "requested_at"], name="team_status_requested")]

    def __str__(self) -> str:
        return f"{self.rider} ({self.get_status_display()})"


class GridAppointment(models.Model):
    """A part-time micro-grid member (微网格员) appointment; ended by setting `ended_on`.
    At most one current appointment per rider (a partial unique constraint)."""

    rider = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rider"), on_delete=models.CASCADE, related_name="grid_appointments"
    )
    area = models.CharField(_("grid area"), max_length=100)
    appointed_on = models.DateField(_("appointed on"))
    certificate_number = models.CharField(_("certificate number"), max_length=40, unique=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("appointed by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-appointed_on", "-id"]
        verbose_name = _("micro-grid appointment")
        verbose_name_plural = _("micro-grid appointments")
        constraints = [
            models.UniqueConstraint(fields=["rider"], condition=Q(ended_on__isnull=True), name="grid_one_current_per_rider"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("appointed_on")), name="grid_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rider} · {self.area}"

    @property
    def current(self) -> bool:
        return self.ended_on is None


class PartyDeclaration(models.Model):
    """A rider's declared party membership. The row exists only while the rider consents to
    what it shows (PIPL art. 28–29: sensitive information, its own consent): withdrawing
    deletes it, so nothing is kept and nobody, staff included, sees a declaration without
    consent. The 党员 badge shows once staff have confirmed it."""

    CONSENT_VERSION = "2026-12"

    rider = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("rider"), on_delete=models.CASCADE, related_name="party_declaration"
    )
    organisation = models.CharField(_("party organisation"), max_length=100)
    consent_version = models.CharField(_("consent version"), max_length=20)
    consented_at = models.DateTimeField(_("consent given at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("party membership declaration")
        verbose_name_plural = _("party membership declarations")

    def __str__(self) -> str:
        return str(self.rider)


# Attendance is recorded from this long before the start (riders come early), never days ahead:
# a check-in pays the activity's points and cannot be undone.
CHECKIN_OPENS_BEFORE = timedelta(hours=1)
# ...and until this long after the end (the last riders, staff typing in the list), never days
# later: an activity left unfinished does not keep paying walk-ins.
CHECKIN_CLOSES_AFTER = timedelta(hours=2)
# Staff may enter an activity after it started (forgotten beforehand, or set up on the day) up to
# this long after its start, and record who attended until then (services.activity_check; the
# check-in window of such an activity, Activity.checkin_closes_at). A week: an activity of the
# weekend is entered on a weekday, while staff and riders still remember who came; later, riders
# ask for their points with a claim of their own, which a reviewer checks.
RECORDING_WINDOW = timedelta(days=7)


class ActivityCategory(models.TextChoices):
    CLEANUP = "cleanup", _("Street clean-up")
    PATROL = "patrol", _("Patrol")
    ELDERLY_CARE = "elderly_care", _("Elderly care")
    CIVILITY = "civility", _("Civic practice")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class Activity(ReaderLabel, models.Model):
    """A volunteer activity: `draft` → `published` → `finished`; a draft or a published one may
    be `cancelled` instead (services.activity_cancel). Its name is its `title` (Chinese: what
    Chinese exports, claims and the audit trail keep), with an optional English one beside it, as
    a reward's: pages, notices, the API and English exports show `label()`."""

    named_by = "title"

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        # Not the catalogue's "Published" (a reward put on sale, 已上架): an activity is announced (已发布).
        PUBLISHED = "published", pgettext_lazy("activity", "Published")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=100)
    title_en = english_name_field(_("title (English)"))
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ActivityCategory.choices)
    venue = models.ForeignKey(
        "venues.Venue", verbose_name=_("venue"), null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"))
    signup_deadline = models.DateTimeField(_("sign-up deadline"))
    rule = models.ForeignKey("points.Rule", verbose_name=_("earning rule"), on_delete=models.PROTECT, related_name="activities")
    team_only = models.BooleanField(_("team members only"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # Entered (or, a draft, published) once it had started: never announced to riders ahead, so
    # nobody could sign up, and its attendance is recorded until RECORDING_WINDOW after the start.
    recorded_after_start = models.BooleanField(_("entered after it started"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        permissions = [
            ("join_activities", _("Can sign up for activities")),
            ("run_activities", _("Can create activities and check riders in")),
        ]
        indexes = [models.Index(fields=["state", "starts_at"], name="activity_state_starts")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="activity_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="activity_capacity_positive"),
            models.CheckConstraint(condition=Q(signup_deadline__lte=F("ends_at")), name="activity_deadline_before_end"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def hours(self) -> Decimal:
        """The activity's length in hours, to one decimal (what a per-hour rule pays by),
        without a trailing ".0": pages print it as it is ("2 小时", "1.5 小时")."""
        seconds = Decimal((self.ends_at - self.starts_at).total_seconds())
        hours = (seconds / Decimal(3600)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return hours.quantize(Decimal("1")) if hours == hours.to_integral_value() else hours

    def ends_if_finished(self, now: datetime) -> datetime:
        """Its end once finished at `now`: `now` when that is before its planned end (strictly
        after its start, so that it still ends after it starts), the planned end otherwise. The
        one rule of "finished early": services.activity_finish writes it, the finish page says
        it (and the hours it makes) before staff confirm."""
        return now if self.starts_at < now < self.ends_at else self.ends_at

    @property
    def where(self) -> str:
        """The venue's name in the reader's language (Venue.label), else the place as written."""
        return self.venue.label() if self.venue_id else self.place

    @property
    def checkin_opens_at(self):
        return self.starts_at - CHECKIN_OPENS_BEFORE

    @property
    def checkin_closes_at(self):
        """Two hours after the end; for an activity entered after it started, no earlier than
        RECORDING_WINDOW after its start (staff record who came after the fact)."""
        closes = self.ends_at + CHECKIN_CLOSES_AFTER
        if self.recorded_after_start:
            return max(closes, self.starts_at + RECORDING_WINDOW)
        return closes

    @property
    def checkin_closes_by_the_start(self) -> bool:
        """Whether check-in closes RECORDING_WINDOW after the start (an activity entered after it
        started) rather than two hours after the end: what the pages say of its closing."""
        return self.checkin_closes_at > self.ends_at + CHECKIN_CLOSES_AFTER

    def checkin_has_closed(self, now=None) -> bool:
        """Whether the time for check-in is over (services.attendance_record refuses after)."""
        return (now or timezone.now()) >= self.checkin_closes_at

    def checkin_is_open(self, now=None) -> bool:
        """Whether attendance may be recorded now: from an hour before the start until two
        hours after the end, or later for one entered after it started (checkin_closes_at);
        services.attendance_record refuses outside it."""
        now = now or timezone.now()
        return self.checkin_opens_at <= now < self.checkin_closes_at


class Signup(models.Model):
    """A rider's sign-up for an activity. One row per rider and activity: cancelling and signing
    up again reuses it, and `queued_at` (the latest sign-up) orders the waitlist."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        # Nobody has recorded the rider yet: before the activity that is "not checked in yet" (the
        # roster says so), after it the rider was not checked in. "Not recorded" (未登记) beside
        # riders signed up for an activity to come read as "not registered".
        UNKNOWN = "", _("Not checked in")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="signups")
    rider = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rider"), on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    queued_at = models.DateTimeField(_("signed up at"))
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN, blank=True
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    # When the rider last cancelled (staff at the door say so); None for older rows.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "id"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["activity", "rider"], name="signup_once_per_rider"),
            models.CheckConstraint(
                condition=~Q(attendance="attended") | Q(status="registered"), name="signup_attended_is_registered"
            ),
        ]
        indexes = [
            models.Index(fields=["activity", "status", "queued_at", "id"], name="signup_activity_queue"),
            models.Index(fields=["rider", "status"], name="signup_rider_status"),
            models.Index(fields=["checked_in_at"], condition=Q(attendance="attended"), name="signup_attended_when"),
        ]

    def __str__(self) -> str:
        return f"{self.rider} · {self.activity}"

    @property
    def claim_ref(self) -> str:
        """The points claim's `source_ref` for this sign-up's attendance."""
        return f"signup-{self.pk}"


# Reports and the public texts live in their own modules; Django finds their models here.
from .models_reports import MeToo, ReplyTemplate, Report, ReportCategory, ReportPhoto, ReportUpdate  # noqa: E402,F401
from .models_texts import PublicText, SignatoryParty, Signature, TextKind  # noqa: E402,F401
