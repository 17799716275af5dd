"""The reward catalogue and vouchers (issue 6). Imported by points/models.py.

A `Reward` belongs to the venue that provides it. Redeeming one (rewards/services.py)
takes one stock unit, books a `redeem` ledger entry and issues a `Voucher` with an
unguessable code; the merchant confirms the voucher at the counter. An unused voucher is
cancelled by the rider or expired by a periodic task: both refund (a `refund` entry, at
most once per voucher: a unique constraint on the ledger) and restock.

`Reward.stock` is the stock *left* (NULL: unlimited); the database refuses a negative one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from friendlystreet.names import ReaderLabel, english_name_field

MAX_VALID_DAYS = 365
# The bounds of a reward's numbers, with what to say. The fields' validators apply them
# wherever the model is cleaned (the services, so the API and the pages; the Django admin),
# and the staff and proposal forms show the same in their first round.
MAX_COST = 100_000
MAX_STOCK = 100_000
MAX_MONTHLY_LIMIT = 100
COST_TOO_LOW = _("A reward costs at least 1 point.")
COST_TOO_HIGH = _("At most 100,000 points.")
STOCK_NEGATIVE = _("The stock left cannot be below 0.")
STOCK_TOO_HIGH = _("At most 100,000; leave it empty for unlimited.")
LIMIT_TOO_LOW = _("The limit per rider per month is at least 1 (empty: unlimited).")
LIMIT_TOO_HIGH = _("At most 100 a month; leave it empty for no limit.")
VALID_DAYS_OUT_OF_RANGE = _("A voucher is valid for 1 to 365 days.")


def reward_image_path(instance: Reward, filename: str) -> str:
    # clean_image() has re-encoded the file and named it at random.
    return f"rewards/{filename}"


class Reward(ReaderLabel, models.Model):
    """A reward's name is its `title` (Chinese: what exports, the ledger and the audit trail
    keep), with an optional English one beside it, as names.EnglishNamed gives a `name`:
    pages, notices and the API show `label()`."""

    named_by = "title"

    venue = models.ForeignKey(
        "venues.Venue", verbose_name=_("venue"), on_delete=models.PROTECT, related_name="rewards", db_index=False
    )
    title = models.CharField(_("title"), max_length=100)
    title_en = english_name_field(_("title (English)"))
    description = models.TextField(_("description"), blank=True)
    image = models.FileField(_("image"), upload_to=reward_image_path, max_length=200, blank=True)
    # About 480 px, made at upload (friendlystreet.thumbnails) for the catalogue.
    thumbnail = models.FileField(_("thumbnail"), upload_to=reward_image_path, max_length=200, blank=True)
    thumb_width = models.PositiveSmallIntegerField(null=True, blank=True)
    thumb_height = models.PositiveSmallIntegerField(null=True, blank=True)
    cost = models.PositiveIntegerField(
        _("cost in points"),
        validators=[MinValueValidator(1, message=COST_TOO_LOW), MaxValueValidator(MAX_COST, message=COST_TOO_HIGH)],
    )
    stock = models.PositiveIntegerField(
        _("stock left"),
        null=True,
        blank=True,
        help_text=_("Empty: unlimited. Goes down by one with each voucher issued."),
        validators=[MaxValueValidator(MAX_STOCK, message=STOCK_TOO_HIGH)],
    )
    per_rider_monthly_limit = models.PositiveSmallIntegerField(
        _("limit per rider per month"),
        null=True,
        blank=True,
        help_text=_("Empty: unlimited."),
        validators=[
            MinValueValidator(1, message=LIMIT_TOO_LOW),
            MaxValueValidator(MAX_MONTHLY_LIMIT, message=LIMIT_TOO_HIGH),
        ],
    )
    valid_days = models.PositiveSmallIntegerField(
        _("voucher valid for (days)"),
        default=30,
        help_text=_("How long a voucher can be used after it is issued."),
        validators=[
            MinValueValidator(1, message=VALID_DAYS_OUT_OF_RANGE),
            MaxValueValidator(MAX_VALID_DAYS, message=VALID_DAYS_OUT_OF_RANGE),
        ],
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_to = models.DateField(_("available until"), null=True, blank=True)
    active = models.BooleanField(_("published"), default=True)
    # A partner operator's proposal waits unpublished (active off, published_at empty) for staff.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # A proposal's terms as the partner proposed them (PROPOSAL_TERMS): staff may change them
    # before publishing, and the partner is then told what changed.
    proposed_terms = models.JSONField(_("terms as proposed"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["venue_id", "cost", "id"]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        permissions = [
            ("manage_rewards", _("Can manage the reward catalogue")),
            ("redeem_reward", _("Can redeem rewards")),
        ]
        indexes = [models.Index(fields=["venue", "active"], name="reward_venue_active")]
        constraints = [
            # Each error says what is wrong in words; REWARD_CONSTRAINT_FIELDS (below) puts
            # it on its field by its code.
            models.CheckConstraint(
                condition=Q(cost__gte=1),
                name="reward_cost_positive",
                violation_error_code="cost_not_positive",
                violation_error_message=COST_TOO_LOW,
            ),
            # The backstop of "nothing is sold twice": whatever the code does, stock never goes below zero.
            models.CheckConstraint(
                condition=Q(stock__isnull=True) | Q(stock__gte=0),
                name="reward_stock_not_negative",
                violation_error_code="stock_negative",
                violation_error_message=STOCK_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(per_rider_monthly_limit__isnull=True) | Q(per_rider_monthly_limit__gte=1),
                name="reward_monthly_limit_positive",
                violation_error_code="monthly_limit_not_positive",
                violation_error_message=LIMIT_TOO_LOW,
            ),
            models.CheckConstraint(
                condition=Q(valid_days__gte=1, valid_days__lte=MAX_VALID_DAYS),
                name="reward_valid_days_range",
                violation_error_code="valid_days_out_of_range",
                violation_error_message=VALID_DAYS_OUT_OF_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(available_from__isnull=True)
                | Q(available_to__isnull=True)
                | Q(available_from__lte=F("available_to")),
                name="reward_available_window_ordered",
                violation_error_code="available_window_reversed",
                violation_error_message=_("The last day it is offered cannot be before the first."),
            ),
            # An unpublished proposal is never on sale.
            models.CheckConstraint(
                condition=Q(active=False) | Q(published_at__isnull=False),
                name="reward_active_is_published",
                violation_error_code="active_unpublished",
                violation_error_message=_("A reward on sale has been published."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_proposal(self) -> bool:
        """A partner operator's proposal waiting for the street office (never published)."""
        return self.published_at is None and self.proposed_by_id is not None

    @property
    def is_draft(self) -> bool:
        """Saved by staff without publishing it: not in the catalogue yet, and nobody's proposal."""
        return self.published_at is None and self.proposed_by_id is None


# What binds the partner who proposed a reward: staff changing any of these before publishing
# it tell them what changed (services._tell_proposer).
PROPOSAL_TERMS = ("cost", "stock", "per_rider_monthly_limit", "valid_days")


# The field each CHECK constraint's error belongs on, by its violation_error_code: Django
# puts a CHECK constraint's error above the whole form; the service moves it to the field.
REWARD_CONSTRAINT_FIELDS = {
    "cost_not_positive": "cost",
    "stock_negative": "stock",
    "monthly_limit_not_positive": "per_rider_monthly_limit",
    "valid_days_out_of_range": "valid_days",
    "available_window_reversed": "available_to",
}


class Voucher(ReaderLabel, models.Model):
    """What a rider shows at the counter. `issued` → `redeemed` | `cancelled` | `expired`.
    Its `label()` is the reward's title in the reader's language, as it was at issue."""

    named_by = "title"

    class Status(models.TextChoices):
        ISSUED = "issued", _("Ready to use")
        REDEEMED = "redeemed", _("Used")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    # Unique by a constraint (Meta), not unique=True: that would add a second index for
    # LIKE searches on PostgreSQL, which nothing runs, to every purchase's writes.
    code = models.CharField(_("code"), max_length=16)
    reward = models.ForeignKey(Reward, verbose_name=_("reward"), on_delete=models.PROTECT, related_name="vouchers")
    # Snapshots taken at issue: the voucher is valid where and for what the rider paid,
    # whatever staff change on the reward later.
    venue = models.ForeignKey("venues.Venue", verbose_name=_("venue"), on_delete=models.PROTECT, related_name="vouchers")
    title = models.CharField(_("title"), max_length=100)
    title_en = english_name_field(_("title (English)"), help_text="")
    cost = models.PositiveIntegerField(_("points paid"))
    rider = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rider"), on_delete=models.PROTECT, related_name="vouchers", db_index=False
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("valid until"))
    redeemed_at = models.DateTimeField(_("used at"), null=True, blank=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)
    # The day-before reminder is sent at most once.
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    # A retried request (double tap, a client's retry) with the same key gets this voucher back.
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        indexes = [
            # A rider's vouchers, newest first.
            models.Index(fields=["rider", "-issued_at"], name="voucher_rider_recent"),
            # The monthly limit: a rider's vouchers of one reward in a month.
            models.Index(fields=["rider", "reward", "issued_at"], name="voucher_rider_reward_when"),
            # The expiry and reminder tasks: unused vouchers by expiry.
            models.Index(fields=["expires_at"], condition=Q(status="issued"), name="voucher_issued_expiry"),
            # A venue's redemption history.
            models.Index(fields=["venue", "-redeemed_at"], condition=Q(status="redeemed"), name="voucher_venue_redeemed"),
            # The dashboard's vouchers issued / redeemed / expired / cancelled in a period.
            models.Index(fields=["issued_at"], name="voucher_issued_when"),
            models.Index(fields=["redeemed_at"], condition=Q(redeemed_at__isnull=False), name="voucher_redeemed_when"),
            models.Index(fields=["expired_at"], condition=Q(expired_at__isnull=False), name="voucher_expired_when"),
            models.Index(fields=["cancelled_at"], condition=Q(cancelled_at__isnull=False), name="voucher_cancelled_when"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="voucher_code_unique",
                violation_error_code="unique",
                violation_error_message=_("Another voucher already has this code."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["issued", "redeemed", "cancelled", "expired"]),
                name="voucher_status_valid",
                violation_error_code="status_unknown",
                violation_error_message=_("Unknown voucher status."),
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=1),
                name="voucher_cost_positive",
                violation_error_code="cost_not_positive",
                violation_error_message=_("A voucher is paid with at least 1 point."),
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("issued_at")),
                name="voucher_expires_after_issue",
                violation_error_code="expires_before_issue",
                violation_error_message=_("A voucher expires after it is issued."),
            ),
            models.CheckConstraint(
                condition=~Q(status="redeemed") | (Q(redeemed_at__isnull=False) & Q(redeemed_by__isnull=False)),
                name="voucher_redeemed_has_when_and_who",
                violation_error_code="redeemed_without_when_or_who",
                violation_error_message=_("A used voucher records when and by whom it was confirmed."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="voucher_cancelled_has_when",
                violation_error_code="cancelled_without_when",
                violation_error_message=_("A cancelled voucher records when it was cancelled."),
            ),
            models.CheckConstraint(
                condition=~Q(status="expired") | Q(expired_at__isnull=False),
                name="voucher_expired_has_when",
                violation_error_code="expired_without_when",
                violation_error_message=_("An expired voucher records when it expired."),
            ),
            models.UniqueConstraint(
                fields=["rider", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="voucher_one_per_idempotency_key",
                violation_error_code="idempotency_key_used",
                violation_error_message=_("This request has already issued a voucher."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.code}"

    @property
    def display_code(self) -> str:
        """ABCD-EFGH-JKMN: groups of four are easier to read out and type."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))
