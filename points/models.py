"""Points: categories, earning rules, claims with photo evidence, and the ledger.

The ledger is the truth. `Account.balance` is a cache of `sum(LedgerEntry.amount)` for
one rider; it changes only in `services.ledger_post()`, together with a new entry,
under a row lock. The database refuses a negative balance and a second `earn` for a
claim, whatever the Python code does.

Issue 6 (rewards and vouchers) adds, in an additive migration of this app:

    voucher = models.ForeignKey("points.Voucher", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="ledger_entries")
    UniqueConstraint(fields=["voucher", "kind"], condition=Q(kind__in=["redeem", "refund"]),
                     name="ledger_voucher_paid_once_refunded_at_most_once")

and posts with `ledger_post(account=..., kind=LedgerEntry.Kind.REDEEM, ..., voucher=v)`:
`ledger_post` passes extra keyword references straight to the entry.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from friendlystreet.names import EnglishNamed


class Category(EnglishNamed):
    """One of the programme's earning categories (志愿服务, 文明实践, ...). Staff-editable."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


# The bounds of a rule's numbers, with what to say: the fields' validators (rule_save() cleans
# the row) and the staff form's fields (its first round) apply the same.
MAX_RULE_POINTS = 10_000
MAX_CAP = 100_000
POINTS_TOO_LOW = _("A rule gives at least 1 point.")
POINTS_TOO_HIGH = _("At most 10,000 points.")
CAP_TOO_LOW = _("A cap is at least 1 point; leave it empty for no cap.")
CAP_TOO_HIGH = _("At most 100,000 points; leave it empty for no cap.")
CAP_VALIDATORS = [MinValueValidator(1, message=CAP_TOO_LOW), MaxValueValidator(MAX_CAP, message=CAP_TOO_HIGH)]


class Rule(EnglishNamed):
    """How many points a kind of contribution earns. Editing a rule never changes points
    already granted: the ledger keeps the amounts, the claim keeps what it was paid."""

    class Unit(models.TextChoices):
        OCCURRENCE = "occurrence", _("per occurrence")
        HOUR = "hour", _("per hour")

    class Evidence(models.TextChoices):
        NONE = "none", _("none")
        PHOTO = "photo", _("photo")

    # Stable codes of the rules other apps pay by (seeded by data migrations). A payout finds
    # its rule by one of these constants, and SYSTEM_CODES is built from them: a code the
    # system pays by cannot be edited (rule_save(), RuleForm). A new payout code goes here.
    ACTIVITY_ATTENDANCE = "activity_attendance"
    REPORT_ACCEPTED = "report_accepted"
    REPORT_ACCEPTED_GRID = "report_accepted_grid"  # a micro-grid member's accepted report (volunteers 0003)
    COMPOUND_TIP_APPROVED = "compound_tip_approved"
    SYSTEM_CODES = (ACTIVITY_ATTENDANCE, REPORT_ACCEPTED, REPORT_ACCEPTED_GRID, COMPOUND_TIP_APPROVED)

    code = models.SlugField(
        _("code"), max_length=40, blank=True, help_text=_("A stable name other apps use to find this rule; optional.")
    )
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="rules")
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    points = models.PositiveIntegerField(
        _("points per unit"),
        validators=[MinValueValidator(1, message=POINTS_TOO_LOW), MaxValueValidator(MAX_RULE_POINTS, message=POINTS_TOO_HIGH)],
    )
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, default=Unit.OCCURRENCE)
    evidence = models.CharField(_("evidence required"), max_length=8, choices=Evidence.choices, default=Evidence.NONE)
    rider_claimable = models.BooleanField(
        _("riders may claim it"), default=True, help_text=_("Off: only the system pays it (activities, reports, tips).")
    )
    max_per_day = models.PositiveIntegerField(
        _("cap per rider per day"), null=True, blank=True, validators=CAP_VALIDATORS, help_text=_("Points. Empty: no cap.")
    )
    max_per_month = models.PositiveIntegerField(
        _("cap per rider per month"), null=True, blank=True, validators=CAP_VALIDATORS, help_text=_("Points. Empty: no cap.")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["category__order", "category_id", "name", "id"]
        verbose_name = _("earning rule")
        verbose_name_plural = _("earning rules")
        permissions = [("manage_rules", _("Can manage categories and earning rules"))]
        constraints = [
            # Code "unique": Django puts the error on the one field, `code`.
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="rule_code_unique_when_set",
                violation_error_code="unique",
                violation_error_message=_("Another rule already has this code."),
            ),
            models.CheckConstraint(
                condition=Q(points__gte=1),
                name="rule_points_positive",
                violation_error_code="points_not_positive",
                violation_error_message=POINTS_TOO_LOW,
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_from__lte=models.F("valid_to")),
                name="rule_valid_window_ordered",
                violation_error_code="valid_window_reversed",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def per_hour(self) -> bool:
        return self.unit == self.Unit.HOUR

    @property
    def needs_photo(self) -> bool:
        return self.evidence == self.Evidence.PHOTO


# The field each CHECK constraint's error belongs on, by its violation_error_code (Django
# puts it above the whole form; rule_save() moves it to the field).
RULE_CONSTRAINT_FIELDS = {"points_not_positive": "points", "valid_window_reversed": "valid_to"}


class Claim(models.Model):
    """A request for points: `pending` → `approved` | `rejected` | `withdrawn`."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        RIDER = "rider", _("Submitted by the rider")
        ACTIVITY = "activity", _("Activity attendance")
        REPORT = "report", _("Governance report")
        TIP = "tip", _("Compound tip")

    class Cap(models.TextChoices):
        NONE = "", _("no cap applied")
        DAY = "day", _("daily cap")
        MONTH = "month", _("monthly cap")

    # Indexed by claim_rider_recent (rider, -created_at) and claim_rider_rule_when instead.
    rider = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rider"), on_delete=models.PROTECT, related_name="claims", db_index=False
    )
    rule = models.ForeignKey(Rule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="claims")
    quantity = models.DecimalField(_("quantity"), max_digits=5, decimal_places=1, default=Decimal("1"))
    occurred_at = models.DateTimeField(_("when it happened"))
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.RIDER)
    source_ref = models.CharField(_("source reference"), max_length=64, blank=True)
    # Set on submission: what the rule gave then (points × quantity, before caps). A pending
    # claim is paid by the rule as it is when approved; this shows the reviewer and the rider
    # when the rule changed in between (申请时 10 积分，现行规则 6 积分).
    points_claimed = models.PositiveIntegerField(_("points when submitted"), null=True, blank=True)
    # Set on approval: what the rule gave before caps, what was granted, and which cap cut it.
    points_computed = models.PositiveIntegerField(_("points before caps"), null=True, blank=True)
    points = models.PositiveIntegerField(_("points granted"), null=True, blank=True)
    capped_by = models.CharField(_("capped by"), max_length=5, choices=Cap.choices, blank=True, default=Cap.NONE)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims_decided",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        permissions = [
            ("submit_claim", _("Can submit claims for points")),
            ("review_claim", _("Can review claims")),
        ]
        indexes = [
            # The review queue: pending claims, oldest first.
            models.Index(fields=["created_at", "id"], condition=Q(status="pending"), name="claim_pending_queue"),
            # A rider's own list, newest first.
            models.Index(fields=["rider", "-created_at"], name="claim_rider_recent"),
            # Caps: a rider's approved claims of a rule in a day or month.
            models.Index(fields=["rider", "rule", "occurred_at"], name="claim_rider_rule_when"),
            models.Index(fields=["status", "-created_at"], name="claim_status_recent"),
            # The dashboard's points earned in a period, the claims export by decision date.
            models.Index(fields=["decided_at"], condition=Q(status="approved"), name="claim_approved_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected", "withdrawn"]),
                name="claim_status_valid",
                violation_error_code="status_unknown",
                violation_error_message=_("Unknown claim status."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="claim_quantity_positive",
                violation_error_code="quantity_not_positive",
                violation_error_message=_("The quantity must be more than 0."),
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | (Q(points__isnull=False) & Q(decided_at__isnull=False)),
                name="claim_approved_has_points",
                violation_error_code="approved_without_points",
                violation_error_message=_("An approved claim records its points and when it was decided."),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""),
                name="claim_rejected_has_reason",
                violation_error_code="rejected_without_reason",
                violation_error_message=_("A rejected claim needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(status="approved"),
                name="claim_points_only_when_approved",
                violation_error_code="points_without_approval",
                violation_error_message=_("Only an approved claim has points granted."),
            ),
            # Another app's event (an attendance, an accepted report) makes at most one claim.
            models.UniqueConstraint(
                fields=["source", "source_ref"],
                condition=~Q(source="rider"),
                name="claim_one_per_source_event",
                violation_error_code="source_event_claimed",
                violation_error_message=_("This event has already made a claim."),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.rule} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


def claim_photo_path(instance: ClaimPhoto, filename: str) -> str:
    # The name is ours, never the uploader's: a random token and the sniffed type.
    return f"claims/{instance.claim.created_at:%Y/%m}/{instance.token}.{instance.extension}"


class ClaimPhoto(models.Model):
    """Evidence. Stored under MEDIA_ROOT (never served from /media/), re-encoded without EXIF."""

    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("image"), upload_to=claim_photo_path, max_length=200)
    token = models.CharField(max_length=32, editable=False)
    content_type = models.CharField(_("content type"), max_length=20)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("claim photo")
        verbose_name_plural = _("claim photos")

    def __str__(self) -> str:
        return f"photo {self.pk} of claim {self.claim_id}"

    @property
    def extension(self) -> str:
        return {"image/png": "png", "image/webp": "webp"}.get(self.content_type, "jpg")


class Account(models.Model):
    """One row per rider holding the balance. Its primary key is the rider's id, so a
    passbook reads entries by `account_id = user.id` without a join."""

    rider = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rider"),
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="points_account",
    )
    balance = models.IntegerField(_("balance"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("points account")
        verbose_name_plural = _("points accounts")
        permissions = [("adjust_balance", _("Can adjust riders' balances"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0),
                name="account_balance_not_negative",
                violation_error_code="balance_negative",
                violation_error_message=_("The balance cannot go below 0."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.rider}: {self.balance}"


class LedgerIsAppendOnly(RuntimeError):
    """Raised on any attempt to change or delete a written ledger entry (a programming error)."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"Ledger entries are append-only: {what} is refused. Post a correcting entry instead "
            "(services.balance_adjust), as every balance must stay the sum of its ledger."
        )


class LedgerQuerySet(models.QuerySet):
    """The ledger's queries: everything but `update()` and `delete()` (and what calls them:
    `bulk_update()`). No code path changes or deletes entries: an account, a claim, a voucher
    and a user are all PROTECTed from deletion while they have entries, and deleting an
    account anonymises the rider and keeps their entries (points.privacy.anonymise)."""

    def update(self, **kwargs):
        raise LedgerIsAppendOnly("QuerySet.update()")

    def delete(self):
        raise LedgerIsAppendOnly("QuerySet.delete()")

    delete.queryset_only = True  # as Django's: not copied onto the manager's own attributes


class LedgerEntry(models.Model):
    """Append-only: never updated, never deleted. A correction is a new `adjust` entry.
    The ORM refuses the rest (LedgerQuerySet, save() and delete() below), the same on every
    database; raw SQL is kept to migrations (tests/test_one_implementation.py)."""

    class Kind(models.TextChoices):
        EARN = "earn", _("Earned")
        REDEEM = "redeem", _("Redeemed")
        REFUND = "refund", _("Refunded")
        EXPIRE = "expire", _("Expired")
        ADJUST = "adjust", _("Adjusted by staff")

    # No single-column index: ledger_account_recent (account, -id) serves every lookup by
    # account, and a second index on a million-row table only slows the writes.
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    amount = models.IntegerField(_("amount"))
    balance_after = models.IntegerField(_("balance after"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    # Rewards (models_rewards.py): the voucher a `redeem` paid for or a `refund` gave back.
    # No index of its own: ledger_voucher_paid_once_refunded_at_most_once covers every lookup.
    voucher = models.ForeignKey(
        "points.Voucher",
        verbose_name=_("voucher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        db_index=False,
    )
    # What it was for, as the rider reads it in the passbook; a snapshot, so that renaming
    # a rule does not rewrite history.
    description = models.CharField(_("description"), max_length=200, blank=True)
    note = models.CharField(_("reason"), max_length=500, blank=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [
            models.Index(fields=["account", "-id"], name="ledger_account_recent"),
            # The ledger export (台账) and the dashboard read a date range of the whole ledger.
            models.Index(fields=["created_at"], name="ledger_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["earn", "redeem", "refund", "expire", "adjust"]),
                name="ledger_kind_valid",
                violation_error_code="kind_unknown",
                violation_error_message=_("Unknown kind of ledger entry."),
            ),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0),
                name="ledger_balance_after_not_negative",
                violation_error_code="balance_negative",
                violation_error_message=_("The balance cannot go below 0."),
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=["earn", "refund"], amount__gt=0))
                | Q(kind__in=["redeem", "expire"], amount__lt=0)
                | (Q(kind="adjust") & ~Q(amount=0)),
                name="ledger_amount_sign_matches_kind",
                violation_error_code="amount_sign",
                violation_error_message=_(
                    "Points earned and refunded are added, points redeemed and expired are taken away, "
                    "and an adjustment is not 0."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind="earn") | Q(claim__isnull=False),
                name="ledger_earn_has_claim",
                violation_error_code="earn_without_claim",
                violation_error_message=_("Points earned come from a claim."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="adjust") | ~Q(note=""),
                name="ledger_adjust_has_reason",
                violation_error_code="adjust_without_reason",
                violation_error_message=_("An adjustment needs a reason."),
            ),
            # A claim earns once: a double click, a retry or two reviewers cannot double-count.
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(kind="earn"),
                name="ledger_one_earn_per_claim",
                violation_error_code="claim_earned",
                violation_error_message=_("This claim has already earned its points."),
            ),
            # A voucher is paid for once and refunded at most once (cancel, expiry, or both racing).
            models.CheckConstraint(
                condition=~Q(kind__in=["redeem", "refund"]) | Q(voucher__isnull=False),
                name="ledger_redeem_refund_has_voucher",
                violation_error_code="redeem_without_voucher",
                violation_error_message=_("A redemption or a refund belongs to a voucher."),
            ),
            models.UniqueConstraint(
                fields=["voucher", "kind"],
                condition=Q(kind__in=["redeem", "refund"]),
                name="ledger_voucher_paid_once_refunded_at_most_once",
                violation_error_code="voucher_paid_or_refunded",
                violation_error_message=_("This voucher has already been paid for or refunded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount:+d} → {self.balance_after}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise LedgerIsAppendOnly(f"saving entry #{self.pk} again")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly(f"deleting entry #{self.pk}")


# The reward catalogue and vouchers (issue 6) live in their own module of this app.
from .models_rewards import Reward, Voucher  # noqa: E402,F401
