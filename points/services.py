"""Writes of the points app: claims and their review, the ledger, rules, rider verification.

For other apps (points never imports them):

* `claim_create_from_source(rider=, rule=, source=, source_ref=, occurred_at=, approve=True, actor=None)`
  creates the claim of an event in another app (an attended activity, an accepted report,
  an approved compound tip) and, by default, approves it in the caller's transaction.
  One claim per `(source, source_ref)`: calling it again returns the existing claim.
  Find the rule with `selectors.rule_by_code(Rule.REPORT_ACCEPTED)` (or the activity's own rule).
* `account_lock(rider=)` + `ledger_post(account=, kind=, amount=, ...)`: the only way
  to change a balance (the rewards book `redeem` and `refund` with `voucher=...`).

Lock order, so that concurrent actions cannot deadlock: claim rows (by id), then account
rows (by rider id). Every function that writes opens one `transaction.atomic()`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from friendlystreet.accounts.models import User, Verification
from friendlystreet.audit.models import AuditEntry
from friendlystreet.audit.services import audit_changes, audit_record, audit_snapshot
from friendlystreet.inputs import has_control_characters
from friendlystreet.names import label_when_read
from friendlystreet.notifications.services import notify
from friendlystreet.privacy.access import PERSONAL_DATA_VIEWED, access_record
from friendlystreet.uploads import clean_photos, delete_files

from . import errors, verification
from .earning import system_payout
from .models import RULE_CONSTRAINT_FIELDS, Account, Category, Claim, ClaimPhoto, LedgerEntry, Rule
from .payouts_to_come import PayoutsToCome, payouts_to_come, rule_switched_off
from .selectors import (
    PERM_ADJUST,
    PERM_REVIEW,
    PERM_RULES,
    PERM_SUBMIT,
    PERM_VERIFY,
    RULE_PAY_FIELDS,
    claim_award,
    claim_subject,
    claim_subject_when_read,
    local_zone,
    points_for,
    rule_is_valid_on,
)

log = logging.getLogger(__name__)

MAX_PHOTOS = 3
MAX_PENDING_PER_RIDER = 20
MAX_OCCURRENCES = 10
MAX_HOURS = Decimal("24")
MAX_BULK = 100
IDEMPOTENCY_KEY_MAX = Claim._meta.get_field("source_ref").max_length
# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=5)


def claim_window_days() -> int:
    return int(getattr(settings, "POINTS_CLAIM_WINDOW_DAYS", 30))


def _require(actor: User | None, perm: str) -> None:
    if actor is None or not actor.is_authenticated or not actor.has_perm(perm):
        raise errors.NotAllowed()


# --- the ledger ---------------------------------------------------------------------------


def account_lock(*, rider: User) -> Account:
    """The rider's account row, locked until the end of the caller's transaction (created
    on first use). Concurrent writers of the same balance wait here, one after another."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("account_lock() must run inside transaction.atomic()")
    try:
        return Account.objects.select_for_update().get(pk=rider.pk)
    except Account.DoesNotExist:
        # ON CONFLICT DO NOTHING: if another transaction creates it first, we wait for it.
        Account.objects.bulk_create([Account(rider_id=rider.pk)], ignore_conflicts=True)
        return Account.objects.select_for_update().get(pk=rider.pk)


def ledger_post(
    *,
    account: Account,
    kind: str,
    amount: int,
    actor: User | None,
    description: str = "",
    note: str = "",
    **refs: Any,
) -> LedgerEntry:
    """Append one entry and move the balance with it. `account` must come from
    `account_lock()` in the same transaction. Refuses to go below zero; a second entry
    that a unique constraint forbids (a claim earning twice) raises AlreadyPosted, which
    leaves the caller's transaction to roll back (no savepoint: two round trips on every
    entry, for an error that ends the caller's action anyway)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger_post() must run inside transaction.atomic()")
    new_balance = account.balance + amount
    if new_balance < 0:
        raise errors.InsufficientBalance(extra={"balance": account.balance})
    try:
        entry = LedgerEntry.objects.create(
            account=account,
            kind=kind,
            amount=amount,
            balance_after=new_balance,
            actor=actor if actor is not None and actor.is_authenticated else None,
            description=description[:200],
            note=note[:500],
            **refs,
        )
    except IntegrityError as exc:
        log.warning("ledger entry refused by a constraint: %s", exc)
        raise errors.AlreadyPosted() from exc
    Account.objects.filter(pk=account.pk).update(balance=new_balance, updated_at=timezone.now())
    account.balance = new_balance
    return entry


def balance_adjust(*, actor: User, rider: User, amount: int, reason: str) -> LedgerEntry:
    """A staff correction, positive or negative, never below zero, always with a reason."""
    _require(actor, PERM_ADJUST)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the adjustment.")})
    if not isinstance(amount, int) or amount == 0:
        raise ValidationError({"amount": _("Enter a whole number of points other than zero.")})
    if actor.pk == rider.pk:
        raise errors.OwnBalance()
    with transaction.atomic():
        account = account_lock(rider=rider)
        if account.balance + amount < 0:
            raise errors.InsufficientBalance(
                _("The balance is %(balance)s points; it cannot go below zero.") % {"balance": account.balance},
                extra={"balance": account.balance},
            )
        entry = ledger_post(
            account=account,
            kind=LedgerEntry.Kind.ADJUST,
            amount=amount,
            actor=actor,
            description=_adjustment_description(),
            note=reason,
        )
        audit_record(
            actor=actor,
            action="points.balance_adjusted",
            target=account,
            data={"amount": amount, "reason": reason, "balance_after": entry.balance_after},
        )
        notify(
            rider,
            "points_balance_adjusted",
            {"amount": f"{amount:+d}", "balance": entry.balance_after, "reason": reason},
            link=reverse("points:passbook"),
        )
    return entry


# --- claims -----------------------------------------------------------------------------


def claim_quantity(*, rule: Rule, quantity: Any) -> Decimal:
    """The quantity of a claim by `rule`, checked: half hours from 0.5 to 24 for a per-hour rule,
    else a whole number of times from 1 to MAX_OCCURRENCES; ValidationError on "quantity" in the
    rider's words otherwise (the claim form shows them under the field)."""
    try:
        value = Decimal(str(quantity if quantity not in (None, "") else "1"))
    except InvalidOperation:
        raise ValidationError({"quantity": _("Enter a number.")}) from None
    if not value.is_finite():
        raise ValidationError({"quantity": _("Enter a number.")})
    # The bounds before the remainders: Decimal("1e999999") % 1 raises InvalidOperation.
    if rule.per_hour:
        if not 0 < value <= MAX_HOURS or (value * 2) % 1 != 0:
            raise ValidationError({"quantity": _("Enter the hours in half hours, from 0.5 to 24.")})
    elif not 1 <= value <= MAX_OCCURRENCES or value % 1 != 0:
        raise ValidationError({"quantity": _("Enter a whole number from 1 to %(max)s.") % {"max": MAX_OCCURRENCES}})
    return value.quantize(Decimal("0.1"))


def _check_occurred_at(occurred_at: datetime, *, now: datetime) -> None:
    if occurred_at is None or timezone.is_naive(occurred_at):
        raise ValidationError({"occurred_at": _("Enter the date and time it happened.")})
    if occurred_at > now + CLOCK_SKEW:
        raise ValidationError({"occurred_at": _("The time it happened cannot be later than now.")})
    days = claim_window_days()
    if occurred_at < now - timedelta(days=days):
        raise ValidationError({"occurred_at": _("Claims must be made within %(days)s days of what happened.") % {"days": days}})


def _store_photos(claim: Claim, cleaned: Iterable[tuple[ContentFile, str]], saved: list[str]) -> None:
    for content, content_type in cleaned:
        photo = ClaimPhoto(claim=claim, token=secrets.token_hex(16), content_type=content_type, size=content.size)
        photo.image.save("photo", content, save=False)
        saved.append(photo.image.name)
        photo.save()


@dataclass(frozen=True)
class Submission:
    claim: Claim
    created: bool  # False: the same idempotency key was used before; this is that claim


def claim_submit(
    *,
    rider: User,
    rule: Rule,
    quantity: Any,
    occurred_at: datetime,
    description: str = "",
    location: str = "",
    photos: Sequence[Any] = (),
    idempotency_key: str = "",
) -> Submission:
    """A verified rider asks for points. Field problems raise ValidationError({field: ...}).

    With an `idempotency_key` (the claim form's, one per rendering of the page; the API's
    Idempotency-Key header), a second call with the same key and the same claim returns the
    claim the first one made (`created=False`) instead of a second claim: a double tap or a
    resubmitted page. The same key with another claim is refused (IdempotencyKeyReused, see
    _same_claim), as reward_redeem() refuses a key reused for another reward. The key is kept
    in the claim's `source_ref`, which riders' own claims leave empty otherwise, as the
    rewards keep theirs on the voucher.
    """
    if not rider.has_perm(PERM_SUBMIT):
        raise errors.NotAllowed()
    if rider.verification != Verification.VERIFIED:
        raise errors.RiderNotVerified()
    now = timezone.now()
    if not (rule.active and rule.category.active and rule.rider_claimable):
        raise ValidationError({"rule": _("This rule cannot be claimed by riders.")})
    qty = claim_quantity(rule=rule, quantity=quantity)
    _check_occurred_at(occurred_at, now=now)
    if not rule_is_valid_on(rule, occurred_at.astimezone(local_zone()).date()):
        raise ValidationError({"occurred_at": _("The rule was not in force on that day.")})
    description = (description or "").strip()
    if len(description) > 1000:
        raise ValidationError({"description": _("Keep the description under 1000 characters.")})
    location = (location or "").strip()
    if len(location) > 200:
        raise ValidationError({"location": _("Keep the location under 200 characters.")})
    if rule.needs_photo and not photos:
        raise ValidationError({"photos": _("This rule needs at least one photo as evidence.")})
    key = (idempotency_key or "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX or has_control_characters(key):
        raise errors.IdempotencyKeyTooLong()

    cleaned = clean_photos(photos, max_count=MAX_PHOTOS)
    saved: list[str] = []
    try:
        with transaction.atomic():
            # Lock the rider's row (not the account: submitting moves no points) so that
            # two parallel submissions cannot both slip under the pending limit, and a double
            # tap waits here for the first request and then finds its claim.
            list(User.objects.select_for_update().filter(pk=rider.pk).values_list("pk", flat=True))
            if key:
                existing = Claim.objects.filter(rider=rider, source=Claim.Source.RIDER, source_ref=key).first()
                if existing is not None:
                    _same_claim(existing, (rule.pk, qty, occurred_at, description, location))
                    return Submission(existing, created=False)
            if Claim.objects.filter(rider=rider, status=Claim.Status.PENDING).count() >= MAX_PENDING_PER_RIDER:
                raise errors.TooManyPendingClaims()
            claim = Claim.objects.create(
                rider=rider,
                rule=rule,
                quantity=qty,
                occurred_at=occurred_at,
                description=description,
                location=location,
                source_ref=key,
                points_claimed=points_for(rule, qty),
            )
            _store_photos(claim, cleaned, saved)
            audit_record(actor=rider, action="points.claim_submitted", target=claim, data={"rule": rule.pk, "quantity": str(qty)})
    except BaseException:
        delete_files(saved)
        raise
    return Submission(claim, created=True)


def _same_claim(existing: Claim, asked: tuple) -> None:
    """A retry gets its first claim back; a key reused for another claim is refused, as
    rewards.services._same_reward() refuses a key reused for another reward. `asked`: the
    rule's id, the quantity, when, the description and the location, as claim_submit() would
    store them. The photos are not compared: a browser cannot send a chosen file again after
    Back, and the stored ones are re-encoded copies."""
    kept = (existing.rule_id, existing.quantity, existing.occurred_at, existing.description, existing.location)
    if kept != asked:
        raise errors.IdempotencyKeyReused()


def claim_create_from_source(
    *,
    rider: User,
    rule: Rule,
    source: str,
    source_ref: str,
    occurred_at: datetime,
    quantity: Any = 1,
    description: str = "",
    approve: bool = True,
    actor: User | None = None,
    notify_rider: bool = True,
) -> Claim:
    """A claim made by another app for an event of its own (see the module docstring).

    The calling app checks who may trigger the event; here only the rule's state and the
    one-claim-per-event rule apply (no claim window, no `rider_claimable`). With
    `approve=True` the points are granted in the caller's transaction (caps apply).
    With `notify_rider=False` the rider gets no 积分到账 notice from here: the caller tells
    them in its own notice of the decision, which names the points (claim.points), so that
    one event is one notice (an accepted report, an approved tip).
    """
    if source not in Claim.Source.values or source == Claim.Source.RIDER:
        raise ValueError(f"unknown source {source!r}")
    source_ref = str(source_ref)
    if not source_ref:
        raise ValueError("source_ref is required")
    if not rule.active:
        raise errors.RuleNotClaimable(_("The rule “%(rule)s” is not active.") % {"rule": rule.label()})
    qty = Decimal(str(quantity)).quantize(Decimal("0.1"))
    with transaction.atomic():
        existing = Claim.objects.filter(source=source, source_ref=source_ref).first()
        if existing is not None:
            return existing  # idempotent: a retried check-in does not pay twice
        try:
            with transaction.atomic():
                claim = Claim.objects.create(
                    rider=rider,
                    rule=rule,
                    quantity=qty,
                    occurred_at=occurred_at,
                    description=description[:1000],
                    source=source,
                    source_ref=source_ref,
                    points_claimed=points_for(rule, qty),
                )
        except IntegrityError:
            # A concurrent call for the same event won the race: theirs is the claim.
            return Claim.objects.get(source=source, source_ref=source_ref)
        audit_record(actor=actor, action="points.claim_created", target=claim, data={"source": source, "ref": source_ref})
        if approve:
            claim = _approve_locked(claim, actor=actor, send_notification=notify_rider)
    return claim


def claim_for_approved_tip(*, tip: Any, reviewer: User) -> Claim | None:
    """`venues.hooks.tip_approved` subscriber: the tip's author earns the
    `compound_tip_approved` rule, in the tip approval's transaction, once per tip.
    Without an active rule of that code the tip is approved and pays nothing: staff
    switching the rule off must not block tip moderation."""
    rule = Rule.objects.filter(code=Rule.COMPOUND_TIP_APPROVED, active=True).first()
    if rule is None:
        log.info("no active %s rule: tip %s pays no points", Rule.COMPOUND_TIP_APPROVED, tip.pk)
        return None
    return claim_create_from_source(
        rider=tip.author,
        rule=rule,
        source=Claim.Source.TIP,
        source_ref=str(tip.pk),
        occurred_at=tip.created_at,
        description=(tip.text or "")[:200],
        actor=reviewer,
        notify_rider=False,  # venues' approval notice names claim.points: one notice
    )


def claim_withdraw(*, rider: User, claim: Claim) -> Claim:
    with transaction.atomic():
        locked = Claim.objects.select_for_update().filter(pk=claim.pk, rider=rider).first()
        if locked is None:
            raise errors.NotAllowed()
        if not locked.is_pending:
            raise errors.ClaimNotPending.on_withdraw(locked)
        locked.status = Claim.Status.WITHDRAWN
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at", "updated_at"])
        audit_record(actor=rider, action="points.claim_withdrawn", target=locked)
    return locked


def _lock_pending(claim_id: int, actor: User, *, approve: bool) -> Claim:
    # of=("self",): lock the claim row only, not the joined rider and rule rows.
    locked = Claim.objects.select_for_update(of=("self",)).select_related("rule", "rider").get(pk=claim_id)
    if not locked.is_pending:
        # Who decided first and when, for every caller (the page and the API say the same).
        raise errors.ClaimNotPending.decided_first(locked, approve=approve)
    if actor is not None and locked.rider_id == actor.pk:
        raise errors.OwnClaim()
    return locked


def _approve_locked(claim: Claim, *, actor: User | None, send_notification: bool = True) -> Claim:
    """Grant the points of a locked pending claim: caps, claim row, ledger, audit, notice."""
    account = account_lock(rider=claim.rider)  # serialises this rider's approvals: caps stay exact
    award = claim_award(claim)
    claim.status = Claim.Status.APPROVED
    claim.points_computed = award.computed
    claim.points = award.granted
    claim.capped_by = award.capped_by
    claim.decided_by = actor if actor is not None and actor.is_authenticated else None
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "points_computed", "points", "capped_by", "decided_by", "decided_at", "updated_at"])
    if award.granted > 0:
        ledger_post(
            account=account,
            kind=LedgerEntry.Kind.EARN,
            amount=award.granted,
            actor=actor,
            description=_ledger_description(claim),
            claim=claim,
        )
    audit_record(
        actor=actor,
        action="points.claim_approved",
        target=claim,
        data={"points": award.granted, "computed": award.computed, "capped_by": award.capped_by},
    )
    if send_notification:
        link = reverse("points:claim_detail", args=[claim.pk])
        if claim.source == Claim.Source.RIDER:
            notify(
                claim.rider, "points_claim_approved", {"rule": label_when_read(claim.rule), "points": award.granted}, link=link
            )
        else:
            # What it paid for, in the rider's language (the notice is written in it), built from
            # the report or sign-up as their passbook builds it; not the reviewer's words.
            what = claim_subject_when_read(claim)
            notify(claim.rider, "points_awarded", {"what": what, "points": award.granted}, link=link)
    return claim


def _adjustment_description() -> str:
    """Stored in Chinese whatever the language of the staff member's page, as every ledger
    description is (_ledger_description); the passbook and English exports word their own."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Adjustment by the street office")


def _ledger_description(claim: Claim) -> str:
    """Stored with the entry for exports and the admin, in Chinese (the street office reports
    upward in Chinese: the rule's Chinese name, whoever approved); the passbook renders its own
    line in the reader's language (selectors.entry_text) with the same claim_subject()."""
    with translation.override(settings.LANGUAGE_CODE):
        return claim_subject(claim)


def claim_approve(*, actor: User, claim: Claim) -> Claim:
    """Approve a pending claim now: the rule's current points, capped, into the ledger.
    A decided claim raises ClaimNotPending (409 with its status; the message says who decided it
    and when); two reviewers at once get one approval and one ClaimNotPending, because the
    claim row is locked."""
    _require(actor, PERM_REVIEW)
    with transaction.atomic():
        locked = _lock_pending(claim.pk, actor, approve=True)
        return _approve_locked(locked, actor=actor)


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    return reason


def _reject_locked(claim: Claim, *, actor: User, reason: str, send_notification: bool = True) -> Claim:
    claim.status = Claim.Status.REJECTED
    claim.reason = reason
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
    audit_record(actor=actor, action="points.claim_rejected", target=claim, data={"reason": reason})
    if send_notification:
        notify(
            claim.rider,
            "points_claim_rejected",
            {"rule": label_when_read(claim.rule), "reason": reason},
            link=reverse("points:claim_detail", args=[claim.pk]),
        )
    return claim


def claim_reject(*, actor: User, claim: Claim, reason: str) -> Claim:
    _require(actor, PERM_REVIEW)
    reason = _clean_reason(reason)
    with transaction.atomic():
        locked = _lock_pending(claim.pk, actor, approve=False)
        return _reject_locked(locked, actor=actor, reason=reason)


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # {"id", "code", "status"}
    points: int = 0  # paid by the approvals done (after caps), for the reviewer's message


def claim_bulk_decide(*, actor: User, claim_ids: Sequence[int], action: str, reason: str = "") -> BulkResult:
    """Approve or reject many claims in one transaction. Claims that are no longer pending,
    the reviewer's own, and unknown ids are skipped and reported, not fatal: the queue a
    reviewer looked at may be a minute old."""
    _require(actor, PERM_REVIEW)
    if action not in ("approve", "reject"):
        raise ValidationError({"action": _("Choose approve or reject.")})
    ids = sorted({int(i) for i in claim_ids})
    if not ids:
        raise ValidationError({"ids": _("Select at least one claim.")})
    if len(ids) > MAX_BULK:
        raise ValidationError({"ids": _("Select at most %(max)s claims at once.") % {"max": MAX_BULK}})
    if action == "reject":
        reason = _clean_reason(reason)
    result = BulkResult()
    with transaction.atomic():
        # Lock order: all claims by id, then accounts by rider id (inside _approve_locked,
        # which runs in claim-id order; pre-locking the accounts in rider order keeps two
        # bulk actions over the same riders from deadlocking).
        claims = {
            c.pk: c
            for c in Claim.objects.select_for_update(of=("self",))
            .select_related("rule", "rider")
            .filter(pk__in=ids)
            .order_by("pk")
        }
        if action == "approve":
            for rider_id in sorted({c.rider_id for c in claims.values() if c.is_pending and c.rider_id != actor.pk}):
                account_lock(rider=User(pk=rider_id))
        for pk in ids:
            claim = claims.get(pk)
            if claim is None:
                result.skipped.append({"id": pk, "code": "not_found", "status": None})
            elif not claim.is_pending:
                result.skipped.append({"id": pk, "code": "claim_not_pending", "status": claim.status})
            elif claim.rider_id == actor.pk:
                result.skipped.append({"id": pk, "code": "own_claim", "status": claim.status})
            else:
                if action == "approve":
                    result.points += _approve_locked(claim, actor=actor).points
                else:
                    _reject_locked(claim, actor=actor, reason=reason)
                result.done.append(pk)
    return result


# --- rules and categories ---------------------------------------------------------------------

RULE_FIELDS = (  # in the order the staff form shows them
    "category",
    "name",
    "name_en",
    "description",
    "points",
    "unit",
    "evidence",
    "rider_claimable",
    "max_per_day",
    "max_per_month",
    "valid_from",
    "valid_to",
    "active",
    "code",
)


def full_clean_on_fields(obj: Any, fields_of_codes: dict[str, str], *, exclude: Sequence[str] | None = None) -> None:
    """obj.full_clean(), with each CHECK constraint's error on the field it is about: Django
    puts those above the whole form; `fields_of_codes` maps their violation_error_code to the
    field (models.RULE_CONSTRAINT_FIELDS, models_rewards.REWARD_CONSTRAINT_FIELDS)."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        moved: dict[str, list[ValidationError]] = {}
        for name, errors_of_field in exc.error_dict.items():
            for error in errors_of_field:
                target = fields_of_codes.get(error.code, name) if name == NON_FIELD_ERRORS else name
                moved.setdefault(target, []).append(error)
        raise ValidationError(moved) from None


def system_rule_code_kept(rule: Rule, data: dict[str, Any]) -> None:
    """A rule the system pays by (Rule.SYSTEM_CODES: activities, accepted reports, approved
    tips find it by its code) keeps its code: cleared or changed, those payouts would stop
    without a word."""
    if rule.code in Rule.SYSTEM_CODES and "code" in data and (data["code"] or "") != rule.code:
        raise ValidationError(
            {
                "code": ValidationError(
                    _("The system pays this rule by its code “%(code)s”: the code cannot be changed."),
                    code="system_rule_code",
                    params={"code": rule.code},
                )
            }
        )


STOP_PAYOUTS_LABEL = gettext_lazy("Switch it off all the same")


def system_rule_changes_errors(
    rule: Rule, data: dict[str, Any], *, stop_payouts: bool = False
) -> dict[str, list[ValidationError]]:
    """A rule the system pays by is switched off only when staff confirm what stops with it
    (`stop_payouts`): unticking Active stopped those payouts without a word. Its dates are
    not for it: the automatic payouts do not follow them, so a date set on it would stop
    nothing while staff believed it did (unless riders may claim it too: their claims do)."""
    problems: dict[str, list[ValidationError]] = {}
    if rule.code not in Rule.SYSTEM_CODES:
        return problems
    if rule.active and data.get("active") is False and not stop_payouts:
        message = _(
            "The system pays “%(rule)s” by itself, for %(payouts)s. Switched off, %(consequence)s To pay fewer "
            "points, change its points instead. To stop these payouts, tick “%(confirm)s” and save again."
        )
        params = {
            "rule": rule.label(),
            "payouts": system_payout(rule.code).pays_for,
            "consequence": system_payout(rule.code).when_off,
            "confirm": STOP_PAYOUTS_LABEL,
        }
        problems["active"] = [ValidationError(message, code="system_rule_switch_off", params=params)]
    claimable = data.get("rider_claimable", rule.rider_claimable)
    for name in ("valid_from", "valid_to"):
        if claimable or data.get(name) is None or data[name] == getattr(rule, name):
            continue  # dates for riders' own claims, or no date set by this edit
        message = _(
            "The system pays “%(rule)s” for %(payouts)s whatever its dates: a date here would stop none of them. "
            "To stop them, untick Active; to pay fewer points, change its points. Leave the dates empty."
        )
        params = {"rule": rule.label(), "payouts": system_payout(rule.code).pays_for}
        problems[name] = [ValidationError(message, code="system_rule_dates", params=params)]
    return problems


def payouts_to_come_errors(
    rule: Rule, to_come: list[PayoutsToCome], *, stop_payouts: bool = False
) -> dict[str, list[ValidationError]]:
    """A rule that other apps still pay by (`to_come`: an activity not over yet pays its
    attendance by its rule) is switched off only when staff confirm it (`stop_payouts`), as a
    rule the system pays by is: unticking Active stopped those payouts without a word to staff.
    The form lists them (title, date, link); this says what stops, from the paying app."""
    if not to_come or stop_payouts:
        return {}
    said = " ".join(str(found.stopped) for found in to_come)
    if rule.code in Rule.SYSTEM_CODES:
        # system_rule_changes_errors already asks to tick the box: only what else stops.
        message, params = "%(payouts)s", {"payouts": said}
    else:
        message = _(
            "Switching off “%(rule)s” stops payouts still to come. %(payouts)s To switch it off all the same, "
            "tick “%(confirm)s” and save again."
        )
        params = {"rule": rule.label(), "payouts": said, "confirm": STOP_PAYOUTS_LABEL}
    return {"active": [ValidationError(message, code="payouts_to_come", params=params)]}


def rule_caps_errors(
    *, points: int | None, unit: str | None, max_per_day: int | None, max_per_month: int | None
) -> dict[str, list[ValidationError]]:
    """Caps that make the rule's points pointless, by field: a cap below what one time (or
    one hour) earns, so that no claim could get the rule's points, and a monthly cap below
    the daily one, which could then never be reached. rule_save() refuses them; RuleForm
    shows them in the same round as the other fields' errors."""
    found: dict[str, list[ValidationError]] = {}
    if points is None or points < 1:
        return found  # the points field has its own error
    one = (
        pgettext("what one claim of a rule is", "one hour")
        if unit == Rule.Unit.HOUR
        else pgettext("what one claim of a rule is", "one time")
    )
    if max_per_day is not None and max_per_day < points:
        message = _(
            "The daily cap (%(cap)s points) is below what %(one)s earns (%(points)s points): no claim could get "
            "the rule's points. Raise the cap or lower the points."
        )
        found["max_per_day"] = [
            ValidationError(message, code="cap_below_points", params={"cap": max_per_day, "one": one, "points": points})
        ]
    if max_per_day is not None and max_per_month is not None and max_per_month < max_per_day:
        message = _(
            "The monthly cap (%(month)s points) is below the daily cap (%(day)s points): the daily cap could never "
            "be reached. Raise the monthly cap or lower the daily one."
        )
        found["max_per_month"] = [
            ValidationError(message, code="month_below_day", params={"month": max_per_month, "day": max_per_day})
        ]
    elif max_per_month is not None and max_per_month < points:
        message = _(
            "The monthly cap (%(cap)s points) is below what %(one)s earns (%(points)s points): no claim could get "
            "the rule's points. Raise the cap or lower the points."
        )
        found["max_per_month"] = [
            ValidationError(message, code="cap_below_points", params={"cap": max_per_month, "one": one, "points": points})
        ]
    return found


def rule_save(*, actor: User, rule: Rule | None = None, data: dict[str, Any], stop_payouts: bool = False) -> Rule:
    """Create or edit a rule. Points already granted do not change: they are in the ledger.
    Pending claims are paid by the rule as it is when they are approved (the form shows what
    a change does to them first: selectors.pending_effect(); the audit entry counts them).
    A rule the system pays by keeps its code, takes no dates, and is switched off only with
    `stop_payouts` (system_rule_changes_errors, in the same round as the fields' errors); so
    is a rule that activities not over yet pay by (payouts_to_come_errors), whose paying app is
    told once it is switched off (it tells its riders), in this transaction."""
    _require(actor, PERM_RULES)
    with transaction.atomic():
        if rule is None:
            rule = Rule()
            before, system_problems, switching_off = {}, {}, False
        else:
            rule = Rule.objects.select_for_update().get(pk=rule.pk)
            before = audit_snapshot(rule, RULE_FIELDS)
            system_rule_code_kept(rule, data)
            system_problems = system_rule_changes_errors(rule, data, stop_payouts=stop_payouts)
            switching_off = rule.active and data.get("active") is False
            if switching_off:
                to_come = payouts_to_come(rule)
                for name, errors_of_field in payouts_to_come_errors(rule, to_come, stop_payouts=stop_payouts).items():
                    system_problems.setdefault(name, []).extend(errors_of_field)
        for name in RULE_FIELDS:
            if name in data:
                setattr(rule, name, data[name])
        problems = rule_caps_errors(
            points=rule.points, unit=rule.unit, max_per_day=rule.max_per_day, max_per_month=rule.max_per_month
        )
        for name, errors_of_field in system_problems.items():
            problems.setdefault(name, []).extend(errors_of_field)
        try:
            full_clean_on_fields(rule, RULE_CONSTRAINT_FIELDS)
        except ValidationError as exc:
            for name, errors_of_field in exc.error_dict.items():
                problems.setdefault(name, []).extend(errors_of_field)
        if problems:
            raise ValidationError(problems)
        rule.save()
        after = audit_snapshot(rule, RULE_FIELDS)
        changes = audit_changes(before, after)
        action = "points.rule_created" if not before else "points.rule_saved"  # 新建, as a category's
        record = {"changes": changes}
        if before and any(name in changes for name in RULE_PAY_FIELDS):
            # How many waiting claims the change reaches: they will be paid by it.
            record["pending_claims"] = Claim.objects.filter(rule_id=rule.pk, status=Claim.Status.PENDING).count()
        audit_record(actor=actor, action=action, target=rule, data=record)
        if switching_off:
            rule_switched_off(rule=rule, actor=actor)
    return rule


CATEGORY_FIELDS = ("code", "name", "name_en", "description", "order", "active")
GENERATED_CATEGORY_CODE = "category-%d"


def _free_category_code() -> str:
    """category-<n>, n one more than the categories so far (the next free one if staff took
    it): a stable code for a category whose code staff left empty."""
    n = Category.objects.count() + 1
    taken = set(Category.objects.filter(code__startswith="category-").values_list("code", flat=True))
    while GENERATED_CATEGORY_CODE % n in taken:
        n += 1
    return GENERATED_CATEGORY_CODE % n


def category_save(*, actor: User, category: Category | None = None, data: dict[str, Any]) -> Category:
    """Create or edit a category. The code is internal: left empty, the category gets
    category-<n> (once; it is never changed by later edits that leave it empty)."""
    _require(actor, PERM_RULES)
    with transaction.atomic():
        if category is None:
            category, before = Category(), {}
        else:
            category = Category.objects.select_for_update().get(pk=category.pk)
            before = audit_snapshot(category, CATEGORY_FIELDS)
        for name in CATEGORY_FIELDS:
            if name in data:
                setattr(category, name, data[name])
        category.code = (category.code or "").strip() or before.get("code") or _free_category_code()
        category.full_clean()
        category.save()
        changes = audit_changes(before, audit_snapshot(category, CATEGORY_FIELDS))
        # A new category is its own action (新建类别), not a change from nothing.
        audit_record(
            actor=actor,
            action="points.category_created" if not before else "points.category_saved",
            target=category,
            data={"changes": changes},
        )
    return category


# --- rider verification --------------------------------------------------------------------------


class SeenVerification(NamedTuple):
    """What the deciding page showed: the rider's verification state, the id of the last
    decision in its history (0: none yet) and the audit id of the screenshot shown
    (verification.last_upload; 0: none; None: a page that did not say)."""

    verification: str
    decision_id: int
    upload_id: int | None = None


def rider_verify(*, actor: User, rider: User, approve: bool, reason: str = "", seen: SeenVerification | None = None) -> User:
    """Verify a rider (they may then claim and redeem) or refuse with a reason they see.

    `seen`: the state the deciding page was showing (None: a caller without a page). If the
    rider's verification changed since (another verifier decided first; the rider sent a new
    screenshot after a refusal, or changed the details their verification checked), nothing is
    saved and VerificationChanged says who decided and when: two verifiers at once give one
    decision and one notice to the rider, never a refusal silently over a verification. A
    deliberate re-decision (a verification revoked later) goes through the page as it is now."""
    _require(actor, PERM_VERIFY)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("Keep the reason under 200 characters.")})
    if actor.pk == rider.pk:
        raise errors.NotAllowed(_("You cannot verify yourself."))
    with transaction.atomic():
        # The rider's row is locked by every decision (and by the rider's own uploads and edits):
        # the state and the last decision read below are the ones this decision would follow.
        locked = User.objects.select_for_update().get(pk=rider.pk)
        if seen is not None:
            _still_as_seen(locked, seen, approve=approve)
        locked.verification = Verification.VERIFIED if approve else Verification.REJECTED
        locked.verification_note = reason
        locked.save(update_fields=["verification", "verification_note"])
        audit_record(
            actor=actor,
            action="accounts.rider_verified" if approve else "accounts.rider_rejected",
            target=locked,
            data={"reason": reason},
        )
        if approve:
            notify(locked, "points_rider_verified", {}, link=reverse("home"))
        else:
            # The notice ends the reason with its own full stop, then says what to do.
            reason_said = reason.rstrip("。．.！!")
            notify(locked, "points_rider_rejected", {"reason": reason_said}, link=reverse("points:evidence_upload"))
    return locked


def _still_as_seen(locked: User, seen: SeenVerification, *, approve: bool) -> None:
    """Refuse (VerificationChanged) a decision on a rider whose verification changed since the
    page showed it, saying who changed it and when."""
    history = verification.decision_history(locked, limit=1)
    last = history[0] if history else None
    # A rider still waiting who sends another screenshot changes neither the state nor the last
    # decision: the upload's own id says whether the screenshot decided on is the one shown.
    upload = verification.last_upload(locked) if seen.upload_id is not None else None
    new_upload = seen.upload_id is not None and (upload.pk if upload else 0) != seen.upload_id
    if (last.pk if last else 0) == seen.decision_id and locked.verification == seen.verification and not new_upload:
        return
    values = {"name": locked.masked_name}
    if last is not None and last.pk != seen.decision_id:
        values["who"] = last.actor.public_name() if last.actor else _("the system")
        values["when"] = timezone.localtime(last.created_at).strftime("%Y-%m-%d %H:%M")
        if last.action == "accounts.rider_verified":
            if approve:
                message = _("%(name)s was verified by %(who)s at %(when)s, before you: your verification was not saved.")
            else:
                message = _("%(name)s was verified by %(who)s at %(when)s, before your refusal: it was not saved.")
        elif approve:
            message = _("%(name)s was refused verification by %(who)s at %(when)s, before your verification: it was not saved.")
        else:
            message = _("%(name)s was refused verification by %(who)s at %(when)s, before your refusal: it was not saved.")
    elif new_upload and locked.verification == seen.verification:
        values["when"] = timezone.localtime(upload.created_at).strftime("%Y-%m-%d %H:%M")
        if locked.verification == Verification.UNVERIFIED:
            message = _("%(name)s sent a new screenshot at %(when)s and waits for a decision again: your decision was not saved.")
        else:  # a verified rider's new screenshot, while a verifier was about to revoke
            message = _("%(name)s sent a new screenshot at %(when)s: look at it first. Your decision was not saved.")
    else:
        # No decision since: the rider's own change sent them back to the queue.
        change = (
            AuditEntry.objects.filter(
                target_type=locked._meta.label_lower,
                target_id=str(locked.pk),
                action__in=[verification.EVIDENCE_UPLOADED, verification.VERIFICATION_REOPENED],
            )
            .order_by("-id")
            .only("action", "created_at")
            .first()
        )
        if change is not None and locked.verification == Verification.UNVERIFIED:
            values["when"] = timezone.localtime(change.created_at).strftime("%Y-%m-%d %H:%M")
            if change.action == verification.EVIDENCE_UPLOADED:
                message = _(
                    "%(name)s sent a new screenshot at %(when)s and waits for a decision again: your decision was not saved."
                )
            else:
                message = _(
                    "%(name)s changed the details their verification checked at %(when)s and waits to be verified "
                    "again: your decision was not saved."
                )
        else:
            values["status"] = verification.STATUS_LABELS[locked.verification]
            message = _("The verification of %(name)s is now “%(status)s”: your decision was not saved.")
    raise errors.VerificationChanged(message % values, extra={"verification": locked.verification})


def rider_name_for_verification(*, viewer: User, rider: User) -> str:
    """The rider's full name for staff deciding on a rider who waits for verification: the
    name is what they compare with the platform screenshot, so the verify permission is
    enough for it (the phone stays behind the personal-data permission). Each showing is an
    access-log entry for the verification purpose, like any other view of personal data.
    Empty, and nothing logged, for a rider already decided, one without a name, or oneself."""
    _require(viewer, PERM_VERIFY)
    if rider.verification != Verification.UNVERIFIED or not rider.display_name or viewer.pk == rider.pk:
        return ""
    with transaction.atomic():
        access_record(viewer=viewer, rider=rider, action=PERSONAL_DATA_VIEWED, what=["display_name"], reason="rider_verification")
    return rider.display_name
