"""Writes of the rewards: the catalogue, redeeming, cancelling, expiring and confirming vouchers.

Money-like rules, each with a database backstop:

* Nothing is sold twice: the stock is taken by one conditional UPDATE
  (`stock = stock - 1 WHERE stock > 0`), which locks the reward row and checks the stock
  in the same statement; a CHECK constraint keeps the stock from going below zero.
* No point is spent twice: every balance change goes through `services.ledger_post()`
  under the rider's account lock; a voucher's `redeem` entry is unique, and so is its
  `refund` (a cancel racing the expiry task refunds once).
* A retried request is not a second purchase: the `Idempotency-Key` is stored on the
  voucher, unique per rider, and checked under the account lock.

Lock order, the same in every function so that concurrent actions cannot deadlock:
voucher row → account row (services.account_lock) → reward row. Locks that other rows'
foreign keys take on these rows (FOR KEY SHARE) do not conflict with FOR NO KEY UPDATE,
which is why staff edits lock a reward with `no_key=True`.

This is the only implementation of these rules, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from friendlystreet import office, ratelimit
from friendlystreet.accounts import roles
from friendlystreet.accounts.models import User, Verification
from friendlystreet.audit.services import audit_changes, audit_record, audit_snapshot
from friendlystreet.inputs import has_control_characters
from friendlystreet.lists import sentences
from friendlystreet.names import label_when_read
from friendlystreet.notifications.services import notify
from friendlystreet.thumbnails import make_thumbnail
from friendlystreet.uploads import delete_files
from venues.models import Venue

from .. import errors as points_errors
from ..models import LedgerEntry, Reward, Voucher
from ..models_rewards import PROPOSAL_TERMS, REWARD_CONSTRAINT_FIELDS
from ..services import account_lock, full_clean_on_fields, ledger_post
from . import codes, errors, selectors
from .selectors import (
    COUNTED_STATUSES,
    PERM_MANAGE,
    PERM_REDEEM,
    PROPOSAL_DECLINED,
    catalogue_changed,
    local_month_bounds,
)

log = logging.getLogger(__name__)

IDEMPOTENCY_KEY_MAX = Voucher._meta.get_field("idempotency_key").max_length
EXPIRE_BATCH = 500
EXPIRE_MAX_BATCHES = 20


def _require(actor: User | None, perm: str) -> None:
    if actor is None or not actor.is_authenticated or not actor.has_perm(perm):
        raise points_errors.NotAllowed()


def _clean_image(image: Any):
    """Validate and re-encode an uploaded image before any row is written (slow: outside
    the transaction). ValidationError({"image": ...}) on anything that is not a photo."""
    if not image:
        return None
    from friendlystreet.uploads import clean_image

    try:
        return clean_image(image)
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from None


# --- the catalogue ------------------------------------------------------------------------------

REWARD_FIELDS = (
    "venue",
    "title",
    "title_en",
    "description",
    "cost",
    "stock",
    "per_rider_monthly_limit",
    "valid_days",
    "available_from",
    "available_to",
    "active",
)


# What redeeming, cancelling and expiring change while staff have the reward's form open.
# The form sends back the value it was rendered with (`seen`); reward_save() writes a counter
# only when staff changed it, and only if nobody else did meanwhile.
REWARD_COUNTERS = ("stock",)
COUNTER_MOVED = "counter_moved"


def _counters_checked(locked: Reward, data: dict[str, Any], seen: dict[str, Any] | None) -> dict[str, Any]:
    """`data` without the counters staff left as they were shown (the row's value stands,
    whatever vouchers were issued or given back meanwhile); a counter staff changed is written
    if the row still holds what they saw, else refused: it moved, and a new number typed over
    an old one would silently undo what happened meanwhile (a sale restocked, another
    member of staff's change lost). Runs on the locked row."""
    if seen is None or locked.pk is None:
        return data
    data = dict(data)
    for name in REWARD_COUNTERS:
        if name not in data or name not in seen:
            continue
        if data[name] == seen[name]:
            del data[name]
            continue
        now = getattr(locked, name)
        if now != seen[name]:
            message = _("The stock has been changed by someone else or by redemptions to %(now)s. Check it, then save again.")
            shown = _("unlimited") if now is None else now
            error = ValidationError(message, code=COUNTER_MOVED, params={"now": shown, "field": name, "value": now})
            raise ValidationError({name: error})
    return data


def counters_now(exc: ValidationError) -> dict[str, Any]:
    """Of reward_save()'s refusal, the counters that moved and what they hold now: the form
    shows them as seen, so that saving again (after checking) writes the staff's number."""
    moved = {}
    for errors_of_field in getattr(exc, "error_dict", {}).values():
        for error in errors_of_field:
            if error.code == COUNTER_MOVED:
                moved[error.params["field"]] = error.params["value"]
    return moved


def reward_set(reward: Reward, data: dict[str, Any]) -> None:
    """Put `data` (REWARD_FIELDS) on the reward as the services write it (not saved)."""
    for name in REWARD_FIELDS:
        if name in data:
            setattr(reward, name, data[name])
    for name in ("title", "title_en"):
        if isinstance(getattr(reward, name), str):
            setattr(reward, name, getattr(reward, name).strip())
    if reward.active and reward.published_at is None:
        reward.published_at = timezone.now()  # switching a reward on publishes it


def _apply(reward: Reward, data: dict[str, Any], image) -> None:
    reward_set(reward, data)
    problems = reward_problems(reward, new=reward.pk is None)
    if problems:
        raise ValidationError(problems)
    if image is not None:
        # The catalogue shows a ~480 px copy made now, stored beside the image.
        thumb = make_thumbnail(image)
        reward.image.save(image.name, image, save=False)
        reward.thumbnail.save(thumb.content.name, thumb.content, save=False)
        reward.thumb_width, reward.thumb_height = thumb.width, thumb.height


NEW_STOCK_NONE = _lazy("Offer at least 1, or leave it empty for unlimited.")


def reward_problems(reward: Reward, *, new: bool, exclude: Iterable[str] = ()) -> dict[str, list[ValidationError]]:
    """Everything wrong with a reward's values, by field, in one go: the fields' bounds and
    the model's CHECK constraints (Django's full_clean(), each constraint's words moved to its
    field), and a new reward's stock of 0, which nobody could redeem (0 is for one that ran
    out). The services refuse a reward with any; the staff form shows them beside its own
    fields' errors (`exclude`: the fields it already refused)."""
    found: dict[str, list[ValidationError]] = {}
    if new and reward.stock == 0 and "stock" not in exclude:
        found["stock"] = [ValidationError(NEW_STOCK_NONE, code="new_stock_zero")]
    try:
        full_clean_on_fields(reward, REWARD_CONSTRAINT_FIELDS, exclude=["image", "thumbnail", *exclude, *found])
    except ValidationError as exc:
        for name, errors_of_field in exc.error_dict.items():
            found.setdefault(name, []).extend(errors_of_field)
    return found


def reward_save(
    *,
    actor: User,
    reward: Reward | None = None,
    data: dict[str, Any],
    image: Any = None,
    seen: dict[str, Any] | None = None,
) -> Reward:
    """Staff create or edit a reward. Published at once when `active` (the default);
    publishing a partner's proposal this way tells the proposer.

    `seen`: the counters (REWARD_COUNTERS: the stock) as the edit form showed them. A counter
    sent back unchanged is left as the row has it now; a changed one is written only if the
    row still holds what was seen, else ValidationError (code COUNTER_MOVED; see
    counters_now()). Without `seen` (the API's PATCH sends only what it changes) the data is
    written as sent."""
    _require(actor, PERM_MANAGE)
    clean = _clean_image(image)
    with transaction.atomic():
        if reward is None:
            reward, before = Reward(), {}
        else:
            # NO KEY UPDATE: vouchers being issued hold KEY SHARE locks on this row (their
            # foreign key); a plain FOR UPDATE would queue behind every one of them.
            reward = _locked(Reward.objects.select_for_update(no_key=True), reward.pk)
            before = audit_snapshot(reward, REWARD_FIELDS)
            data = _counters_checked(reward, data, seen)
        was_proposal = reward.pk is not None and reward.is_proposal
        _apply(reward, data, clean)
        reward.save()
        after = audit_snapshot(reward, REWARD_FIELDS)
        changes = audit_changes(before, after)
        if was_proposal and reward.published_at is not None:
            # Publishing a proposal from its form (已上架 ticked) is the list's 上架, with the
            # changes made on the way: the audit trail's filter by action finds both alike.
            _audit_published(actor, reward, changes=changes)
        else:
            # A new reward is its own action (新建奖品), not a change from nothing.
            audit_record(
                actor=actor,
                action="points.reward_created" if not before else "points.reward_saved",
                target=reward,
                data={"changes": changes},
            )
        told = set()
        if was_proposal and reward.published_at is not None:
            _tell_proposer(reward)
            told.add(reward.proposed_by_id)
        _tell_operators(reward, actor=actor, what=_what_staff_did(before, after), told=told)
    return reward


def _locked(queryset, pk: int) -> Reward:
    """The reward, locked; gone meanwhile (a proposal another member of staff declined while
    this one edited or published it) is a refusal, not a server error."""
    locked = queryset.filter(pk=pk).first()
    if locked is None:
        raise errors.RewardGone()
    return locked


def reward_propose(*, actor: User, venue: Venue, data: dict[str, Any], image: Any = None) -> Reward:
    """A partner operator proposes a reward for a venue they run; it waits unpublished for staff."""
    _require(actor, roles.REDEMPTION_PAGE)
    if venue.pk not in selectors.operated_venue_ids(actor):
        raise errors.NotYourVenue()
    clean = _clean_image(image)
    with transaction.atomic():
        reward = Reward(venue=venue, proposed_by=actor)
        _apply(reward, {**{k: v for k, v in data.items() if k != "venue"}, "active": False}, clean)
        # Kept as proposed: staff changing them before publishing tell the partner what changed.
        reward.proposed_terms = {name: getattr(reward, name) for name in PROPOSAL_TERMS}
        reward.save()
        audit_record(actor=actor, action="points.reward_proposed", target=reward, data={"venue": venue.pk})
    return reward


def reward_publish(*, actor: User, reward: Reward) -> Reward:
    """Staff publish a proposal (or switch a reward back on)."""
    _require(actor, PERM_MANAGE)
    with transaction.atomic():
        locked = _locked(Reward.objects.select_for_update(no_key=True).select_related("venue"), reward.pk)
        was_proposal, was_active = locked.is_proposal, locked.active
        locked.active = True
        if locked.published_at is None:
            locked.published_at = timezone.now()
        locked.save(update_fields=["active", "published_at", "updated_at"])
        _audit_published(actor, locked)
        if was_proposal:
            _tell_proposer(locked)
        if not was_active:
            told = {locked.proposed_by_id} if was_proposal else set()
            _tell_operators(locked, actor=actor, what=OPERATORS_PUBLISHED, told=told)
    return locked


def _audit_published(actor: User, reward: Reward, *, changes: dict[str, list[Any]] | None = None) -> None:
    """上架 on the audit trail, however staff did it: the list's button (reward_publish) or the
    proposal's form with 已上架 ticked (reward_save, with what else the form changed)."""
    audit_record(actor=actor, action=REWARD_PUBLISHED, target=reward, data={"changes": changes} if changes else None)


DECLINE_REASON_MAX = 200


def reward_decline(*, actor: User, reward: Reward, reason: str) -> None:
    """Staff decline a partner's proposal, with a reason the proposer reads. In one
    transaction: the audit entry, which keeps what was proposed and why it was declined (the
    proposer's list reads it: selectors.declined_proposals_of()), the proposer's notification, and the
    proposal itself deleted, so that it leaves the queue and its count. A proposal was never
    in the catalogue: no voucher points to it, and nothing else keeps it."""
    _require(actor, PERM_MANAGE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    if len(reason) > DECLINE_REASON_MAX or has_control_characters(reason):
        raise ValidationError({"reason": _("Keep the reason under 200 characters.")})
    with transaction.atomic():
        locked = _locked_for_delete(reward.pk)
        if locked is None or not locked.is_proposal:
            raise errors.NotAProposal()
        notify(
            User.objects.get(pk=locked.proposed_by_id),
            "points_reward_declined",
            {"title": label_when_read(locked), "reason": reason},
            link=reverse("points:reward_propose"),
        )
        _delete_audited(
            locked,
            actor=actor,
            action=PROPOSAL_DECLINED,
            reason=reason,
            proposed_by=locked.proposed_by_id,
            proposed_at=locked.created_at.isoformat(),
            # What the partner proposed, so that they can send it again changed (the
            # proposal page's "propose again" fills its form with it).
            proposal={
                "title_en": locked.title_en,
                "description": locked.description,
                **{name: getattr(locked, name) for name in PROPOSAL_TERMS},
                **(locked.proposed_terms or {}),
            },
        )


def _locked_for_delete(pk: int) -> Reward | None:
    # FOR UPDATE (a delete): waits for an edit, a publish or another delete of the same
    # reward, which lock it, and then finds it as they left it (published, or gone: None).
    return Reward.objects.select_for_update().select_related("venue").filter(pk=pk).first()


def _delete_audited(reward: Reward, *, actor: User, action: str, **data: Any) -> None:
    """Delete a reward (locked by _locked_for_delete) with its images; the audit entry keeps
    what it was (title, venue, cost; `data` adds the action's own facts)."""
    audit_record(
        actor=actor,
        action=action,
        target=reward,
        data={"title": reward.title, "venue": reward.venue_id, "venue_name": reward.venue.name, "cost": reward.cost, **data},
    )
    files = [f.name for f in (reward.image, reward.thumbnail) if f]
    reward.delete()
    if files:
        # The images go once the deletion is committed: a rollback keeps them.
        transaction.on_commit(lambda: delete_files(files))


def reward_switch_off(*, actor: User, reward: Reward) -> Reward:
    """Staff take a published reward off the catalogue. Vouchers already issued stay valid;
    reward_publish() switches it on again. One its shop paused stays off, now the street
    office's: recorded so, its operators can no longer resume it (reward_resume())."""
    _require(actor, PERM_MANAGE)
    with transaction.atomic():
        locked = _locked(Reward.objects.select_for_update(no_key=True).select_related("venue"), reward.pk)
        if locked.active or _paused_by_operator(locked):
            if locked.active:
                locked.active = False
                locked.save(update_fields=["active", "updated_at"])
            audit_record(actor=actor, action=REWARD_SWITCHED_OFF, target=locked)
            _tell_operators(locked, actor=actor, what=OPERATORS_SWITCHED_OFF)
    return locked


REWARD_SWITCHED_OFF = "points.reward_switched_off"
REWARD_PUBLISHED = "points.reward_published"
REWARD_DELETED = "points.reward_deleted"


def reward_delete(*, actor: User, reward: Reward) -> None:
    """Staff delete a reward no rider ever redeemed that is not on sale: a draft of theirs,
    or one switched off before anyone took it. A partner's proposal is declined instead (its
    proposer reads why); a reward with vouchers stays, switched off, because its vouchers
    and the riders' ledger entries point to it. The audit entry keeps what it was."""
    _require(actor, PERM_MANAGE)
    with transaction.atomic():
        locked = _locked_for_delete(reward.pk)
        if locked is None:
            raise errors.RewardGone(_("This reward no longer exists."))
        if locked.is_proposal:
            raise errors.RewardNotDeletable(_("A partner's proposal is declined with a reason the partner reads, not deleted."))
        if locked.active:
            raise errors.RewardNotDeletable(_("Switch the reward off before deleting it."))
        if Voucher.objects.filter(reward_id=locked.pk).exists():
            raise errors.RewardNotDeletable()
        _delete_audited(locked, actor=actor, action=REWARD_DELETED)


PROPOSAL_WITHDRAWN = "points.reward_withdrawn"


def reward_withdraw(*, actor: User, reward: Reward) -> None:
    """The partner operator takes back a proposal of theirs that still waits for the street
    office. As a decline does: the audit entry keeps what was proposed, and the proposal and
    its images go (it was never in the catalogue: no voucher points to it). Only its
    proposer may; a published reward is the street office's to take off."""
    _require(actor, roles.REDEMPTION_PAGE)
    with transaction.atomic():
        # Waits for staff publishing or declining it at the same moment.
        locked = _locked_for_delete(reward.pk)
        if locked is None:
            raise errors.RewardGone()
        if locked.proposed_by_id != actor.pk:
            raise points_errors.NotAllowed()
        if not locked.is_proposal:
            raise errors.NotAProposal(_("The street office has published this reward: it can no longer be withdrawn."))
        _delete_audited(locked, actor=actor, action=PROPOSAL_WITHDRAWN)


def _tell_proposer(reward: Reward) -> None:
    """The partner's proposal is published: they are told, with what staff changed of the
    terms they proposed (cost, stock, limit, validity), which bind them as much as their own."""
    if reward.proposed_by_id is None:
        return
    proposer = User.objects.get(pk=reward.proposed_by_id)
    link = reverse("points:reward_detail", args=[reward.pk])
    changes = selectors.proposal_changes(reward)
    if changes:
        # Worded when the notice is written, in the partner's language (notify() renders lazy text so).
        described = lazy(selectors.describe_changes, str)(changes)
        notify(proposer, "points_reward_published_changed", {"title": label_when_read(reward), "changes": described}, link=link)
    else:
        notify(proposer, "points_reward_published", {"title": label_when_read(reward)}, link=link)


# --- the venue's operators and the street office tell each other ---------------------------------

# What the operators of a reward's venue are told the street office did to it (the notice
# `points_reward_of_my_venue`): riders bring its vouchers to their counter.
OPERATORS_KIND = "points_reward_of_my_venue"
OPERATORS_PUBLISHED = _lazy(
    "the street office published it. Riders can redeem it now and will bring its vouchers to your counter."
)
OPERATORS_SWITCHED_OFF = _lazy(
    "the street office switched it off. Riders can no longer redeem it; vouchers already issued stay valid: honour them."
)


def _operators_changed(changes: list[selectors.TermChange]) -> str:
    return _("the street office changed it: %(changes)s.") % {"changes": selectors.describe_changes(changes)}


def _what_staff_did(before: dict[str, Any], after: dict[str, Any]):
    """What a staff save did that the venue's operators are to hear of, in words rendered in
    their language (lazy), or None: published (a new reward on sale, or switched on), switched
    off, or its terms changed while published (cost, stock, limit, validity). A draft saved,
    or a change of its words or picture, is not news for the counter."""
    was_on, now_on = bool(before.get("active")), bool(after.get("active"))
    if now_on and not was_on:
        return OPERATORS_PUBLISHED
    if was_on and not now_on:
        return OPERATORS_SWITCHED_OFF
    if not now_on:
        return None
    changes = [selectors.TermChange(name, before.get(name), after.get(name)) for name in PROPOSAL_TERMS]
    changes = [c for c in changes if c.proposed != c.now]
    return lazy(_operators_changed, str)(changes) if changes else None


def _tell_operators(reward: Reward, *, actor: User, what, told: Iterable[int | None] = ()) -> None:
    """One notice to each operator of the reward's venue of what the street office did (`what`,
    from _what_staff_did); not to the actor (staff who run the venue too know what they did),
    nor to those `told` already (the proposer, told of their proposal's publication). In the
    caller's transaction: a refused save tells nobody."""
    if what is None:
        return
    operators = reward.venue.operators.filter(is_active=True).exclude(pk=actor.pk).exclude(pk__in=[t for t in told if t])
    context = {"title": label_when_read(reward), "venue": label_when_read(reward.venue), "what": what}
    for operator in operators:
        notify(operator, OPERATORS_KIND, context, link=reverse("points:reward_propose") + "#our-rewards")


# What the street office is told an operator did to a reward (`points_reward_changed_by_operator`).
STAFF_KIND = "points_reward_changed_by_operator"
STAFF_PAUSED = _lazy(
    "its operator paused redeeming. Riders cannot redeem it until it is resumed; vouchers already issued stay valid."
)
STAFF_RESUMED = _lazy("its operator resumed redeeming: riders can redeem it again.")


def _staff_stock(old: int | None, new: int | None) -> str:
    change = selectors.TermChange("stock", old, new)
    return _("its operator set the stock: %(changes)s.") % {"changes": selectors.describe_changes([change])}


def _tell_staff(reward: Reward, *, actor: User, what) -> None:
    """One notice to each member of staff who manages the rewards (but the actor), linking to
    the reward's staff page, as a partner's edit of their venue tells the venue managers."""
    from friendlystreet.accounts.selectors import staff_holding

    context = {"title": label_when_read(reward), "venue": label_when_read(reward.venue), "what": what}
    link = reverse("points:staff_reward_edit", args=[reward.pk])
    for user in staff_holding(PERM_MANAGE).exclude(pk=actor.pk):
        notify(user, STAFF_KIND, context, link=link)


def _operators_reward(actor: User, reward: Reward) -> Reward:
    """The reward locked, for a change by an operator of its venue (in the caller's
    transaction): NotAllowed for anyone else, NotOnSaleYet for a reward never published (a
    proposal is withdrawn instead, a draft is the street office's)."""
    _require(actor, roles.REDEMPTION_PAGE)
    locked = _locked(Reward.objects.select_for_update(no_key=True).select_related("venue"), reward.pk)
    if locked.venue_id not in selectors.operated_venue_ids(actor):
        raise points_errors.NotAllowed()
    if locked.published_at is None:
        raise errors.NotOnSaleYet()
    return locked


def reward_pause(*, actor: User, reward: Reward) -> Reward:
    """An operator of the reward's venue pauses redeeming it (暂停兑换): the beef ran out, the
    shop closes for the holiday. The street office's own switch-off (active off), so the
    catalogue, the venue page and redeeming treat it alike; vouchers already issued stay valid.
    Audited (selectors.REWARD_PAUSED: they may resume it) and the street office is told."""
    with transaction.atomic():
        locked = _operators_reward(actor, reward)
        if locked.active:
            locked.active = False
            locked.save(update_fields=["active", "updated_at"])
            audit_record(actor=actor, action=selectors.REWARD_PAUSED, target=locked)
            _tell_staff(locked, actor=actor, what=STAFF_PAUSED)
    return locked


def _paused_by_operator(reward: Reward) -> bool:
    """Whether the reward, switched off, was last switched by an operator's pause."""
    last = (
        Reward.objects.filter(pk=reward.pk)
        .annotate(switched_by=selectors.last_switch(OuterRef("pk")))
        .values_list("switched_by", flat=True)
        .first()
    )
    return not reward.active and last == selectors.REWARD_PAUSED


def reward_resume(*, actor: User, reward: Reward) -> Reward:
    """An operator offers again a reward an operator of the venue paused. One the street office
    switched off stays off (SwitchedOffByStreetOffice): it may have had its reasons."""
    with transaction.atomic():
        locked = _operators_reward(actor, reward)
        if not locked.active:
            if not _paused_by_operator(locked):
                raise errors.SwitchedOffByStreetOffice()
            locked.active = True
            locked.save(update_fields=["active", "updated_at"])
            audit_record(actor=actor, action=selectors.REWARD_RESUMED, target=locked)
            _tell_staff(locked, actor=actor, what=STAFF_RESUMED)
    return locked


NOT_SEEN = object()


def reward_set_stock(*, actor: User, reward: Reward, stock: int | None, seen: Any = NOT_SEEN) -> Reward:
    """An operator of the reward's venue sets how many are left (None: unlimited). Written and
    audited as a staff edit of the stock is (points.reward_saved, with the change); `seen`,
    the stock their page showed, guards against redemptions meanwhile as the staff form's
    does (ValidationError on `stock`, code COUNTER_MOVED). Vouchers already issued stay valid.
    The street office is told."""
    with transaction.atomic():
        locked = _operators_reward(actor, reward)
        before = audit_snapshot(locked, REWARD_FIELDS)
        data = _counters_checked(locked, {"stock": stock}, None if seen is NOT_SEEN else {"stock": seen})
        if "stock" not in data or data["stock"] == locked.stock:
            return locked
        locked.stock = data["stock"]
        problems = reward_problems(locked, new=False)
        if problems:
            raise ValidationError(problems)
        locked.save(update_fields=["stock", "updated_at"])
        changes = audit_changes(before, audit_snapshot(locked, REWARD_FIELDS))
        audit_record(actor=actor, action="points.reward_saved", target=locked, data={"changes": changes})
        _tell_staff(locked, actor=actor, what=lazy(_staff_stock, str)(before["stock"], locked.stock))
    return locked


# --- redeeming -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Redemption:
    voucher: Voucher
    created: bool  # False: the same Idempotency-Key was used before; this is that voucher


def _check_on_sale(reward: Reward, *, today) -> None:
    if not selectors.is_on_sale(reward, today=today) or not reward.venue.active:
        raise errors.NotAvailable()


def reward_redeem(*, rider: User, reward: Reward, idempotency_key: str = "") -> Redemption:
    """Spend points on a reward: one transaction takes the stock, books the `redeem`
    entry and issues the voucher, or refuses with one of the errors of errors.py.

    With an `idempotency_key`, a second call with the same key returns the first voucher
    (`created=False`) instead of buying again: a double tap or a client's retry.

    Only `reward.pk` is read: the row is loaded again inside the transaction (an unknown
    id raises Reward.DoesNotExist).
    """
    if not rider.is_authenticated or not rider.has_perm(PERM_REDEEM):
        raise points_errors.NotAllowed()
    if rider.verification != Verification.VERIFIED:
        raise errors.NotVerified()
    key = (idempotency_key or "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX or has_control_characters(key):
        raise errors.IdempotencyKeyTooLong()
    for _attempt in range(3):
        try:
            return _same_reward(_redeem(rider, reward.pk, key), reward.pk)
        except IntegrityError as exc:
            # Either the same key committed by a request of this rider that we did not wait
            # for (the account lock makes that near impossible), or a code collision (1 in
            # 10**17): return that voucher, or try again with a new code.
            if key:
                existing = Voucher.objects.filter(rider_id=rider.pk, idempotency_key=key).first()
                if existing is not None:
                    return _same_reward(Redemption(existing, False), reward.pk)
            log.warning("voucher insert refused, retrying with a new code: %s", exc)
    raise RuntimeError("could not issue a voucher with a unique code")


def _same_reward(result: Redemption, reward_id: int) -> Redemption:
    """A retry gets its first voucher back; a key reused for another reward is refused."""
    if not result.created and result.voucher.reward_id != reward_id:
        raise errors.IdempotencyKeyReused()
    return result


def _redeem(rider: User, reward_id: int, key: str) -> Redemption:
    """The purchase, in one transaction (a savepoint inside a caller's, so that a refused
    insert can be tried again)."""
    now = timezone.now()
    with transaction.atomic():
        # The rider's account row first (SELECT ... FOR UPDATE): it serialises this rider's
        # purchases, cancels and refunds, so the balance, the monthly limit and the
        # idempotency key are checked exactly, and a double tap waits here for the first.
        account = account_lock(rider=rider)
        if key:
            existing = Voucher.objects.filter(rider_id=rider.pk, idempotency_key=key).first()
            if existing is not None:
                return Redemption(existing, False)
        # The reward is read without a lock: many riders buy the same reward at once, and
        # its row is locked only at the end, by the stock's conditional UPDATE.
        reward = Reward.objects.select_related("venue").get(pk=reward_id)
        if reward.published_at is None:
            # A partner's proposal or a staff draft was never in the catalogue: its GET answers
            # 404, so does buying it.
            raise Reward.DoesNotExist
        _check_on_sale(reward, today=selectors.local_today(now))
        if reward.stock is not None and reward.stock <= 0:
            raise errors.OutOfStock()  # early answer; the UPDATE below is the real check
        if reward.per_rider_monthly_limit is not None:
            start, end = local_month_bounds(now)
            taken = Voucher.objects.filter(
                rider_id=rider.pk, reward_id=reward.pk, issued_at__gte=start, issued_at__lt=end, status__in=COUNTED_STATUSES
            ).count()
            if taken >= reward.per_rider_monthly_limit:
                raise errors.LimitReached(extra={"limit": reward.per_rider_monthly_limit})
        if account.balance < reward.cost:
            raise errors.InsufficientPoints(
                _("You need %(short)s more points for this reward.") % {"short": reward.cost - account.balance},
                extra={"balance": account.balance, "cost": reward.cost},
            )
        voucher = Voucher.objects.create(
            code=codes.new_code(),
            reward=reward,
            venue=reward.venue,
            title=reward.title,
            title_en=reward.title_en,
            cost=reward.cost,
            rider=rider,
            issued_at=now,
            expires_at=now + timedelta(days=reward.valid_days),
            idempotency_key=key,
        )
        ledger_post(
            account=account,
            kind=LedgerEntry.Kind.REDEEM,
            amount=-reward.cost,
            actor=rider,
            description=f"{reward.title} · {reward.venue.name}",
            voucher=voucher,
        )
        audit_record(actor=rider, action="points.voucher_issued", target=voucher, data={"reward": reward.pk, "cost": reward.cost})
        if reward.stock is not None:
            # The stock, last: this UPDATE locks the reward row (after the account row, the
            # lock order above) until the commit, and every buyer of the reward queues for
            # it, so it is held for as short a time as possible. It checks the stock in the
            # same statement: on PostgreSQL a buyer who waited re-reads the row the first
            # one committed. Zero rows: the last unit went to someone else meanwhile; the
            # exception rolls everything back.
            taken = Reward.objects.filter(pk=reward.pk, active=True, stock__gt=0).update(stock=F("stock") - 1)
            if not taken:
                raise errors.OutOfStock()
            catalogue_changed()
    return Redemption(voucher, True)


# --- cancel and expiry: refund once, restock ----------------------------------------------------


def _ledger_words(words, voucher: Voucher) -> str:
    """A refund's description as the ledger stores it, for exports and the admin: in Chinese,
    with the Chinese title, whoever gave the voucher back (the street office reports upward in
    Chinese); the passbook words its own line in the reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(words) % {"title": voucher.title}


def _refund(voucher: Voucher, *, actor: User | None, description: str) -> LedgerEntry:
    """Give the points back and the unit back to the stock. Runs after the voucher row's
    status was changed by a compare-and-set, in the same transaction."""
    account = account_lock(rider=User(pk=voucher.rider_id))
    entry = ledger_post(
        account=account,
        kind=LedgerEntry.Kind.REFUND,
        amount=voucher.cost,
        actor=actor,
        description=description,
        voucher=voucher,
    )
    if Reward.objects.filter(pk=voucher.reward_id, stock__isnull=False).update(stock=F("stock") + 1):
        catalogue_changed()
    return entry


def voucher_cancel(*, rider: User, code: str) -> Voucher:
    """The rider gives an unused voucher back while it is valid: refund and restock, once."""
    code = codes.normalise(code)
    if not codes.is_well_formed(code):
        raise Voucher.DoesNotExist  # no query for what cannot be a code (NUL: PostgreSQL refuses it)
    with transaction.atomic():
        now = timezone.now()
        # Compare-and-set on the status: of a cancel racing a second cancel or the expiry
        # task, exactly one changes the row (the other waits for the row lock, then finds
        # the status changed and updates nothing).
        # A voucher past its validity is no longer the rider's to cancel: the expiry task
        # (voucher_expire, the one implementation of expiry) refunds it within minutes.
        changed = Voucher.objects.filter(code=code, rider_id=rider.pk, status=Voucher.Status.ISSUED, expires_at__gt=now).update(
            status=Voucher.Status.CANCELLED, cancelled_at=now
        )
        voucher = Voucher.objects.select_related("venue").filter(code=code, rider_id=rider.pk).first()
        if voucher is None:
            raise Voucher.DoesNotExist
        if not changed:
            if voucher.status == Voucher.Status.ISSUED:
                raise errors.VoucherNotCancellable(
                    _("This voucher has expired: its points come back to your balance by themselves within minutes."),
                    extra={"status": Voucher.Status.EXPIRED},
                )
            # Said of this voucher: a second tap or a second tab finds it cancelled (its points
            # back, once) or used at the counter meanwhile.
            if voucher.status == Voucher.Status.CANCELLED:
                message = _("This voucher is already cancelled: its %(points)s points are back in your balance.") % {
                    "points": voucher.cost
                }
            elif voucher.status == Voucher.Status.REDEEMED:
                message = _("This voucher has been used: it can no longer be cancelled.")
            else:
                message = _("This voucher has expired: its points are back in your balance.")
            raise errors.VoucherNotCancellable(message, extra={"status": voucher.status})
        _refund(voucher, actor=rider, description=_ledger_words(_lazy("Cancelled: %(title)s"), voucher))
        audit_record(actor=rider, action="points.voucher_cancelled", target=voucher, data={"cost": voucher.cost})
    return voucher


def voucher_expire(*, voucher_id: int, now: datetime | None = None) -> bool:
    """Expire one unused voucher past its validity: refund, restock, tell the rider.
    Idempotent: False when it was already used, cancelled or expired (or is still valid)."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = Voucher.objects.filter(pk=voucher_id, status=Voucher.Status.ISSUED, expires_at__lte=now).update(
            status=Voucher.Status.EXPIRED, expired_at=now
        )
        if not changed:
            return False
        voucher = Voucher.objects.select_related("rider", "venue").get(pk=voucher_id)
        _refund(voucher, actor=None, description=_ledger_words(_lazy("Expired unused: %(title)s"), voucher))
        audit_record(actor=None, action="points.voucher_expired", target=voucher, data={"cost": voucher.cost})
        notify(
            voucher.rider,
            "points_voucher_expired",
            {"title": label_when_read(voucher), "points": voucher.cost},
            link=reverse("points:voucher_detail", args=[voucher.code]),
        )
    return True


def vouchers_expire_due(*, now: datetime | None = None) -> int:
    """The periodic task: expire every unused voucher past its validity (each in its own
    transaction, so one failure does not undo the others' refunds). Safe to run twice."""
    now = now or timezone.now()
    done = 0
    for _batch in range(EXPIRE_MAX_BATCHES):
        ids = list(
            Voucher.objects.filter(status=Voucher.Status.ISSUED, expires_at__lte=now)
            .order_by("expires_at", "id")
            .values_list("id", flat=True)[:EXPIRE_BATCH]
        )
        for voucher_id in ids:
            done += voucher_expire(voucher_id=voucher_id, now=now)
        if len(ids) < EXPIRE_BATCH:
            break
    return done


def vouchers_remind_due(*, now: datetime | None = None) -> int:
    """The periodic task: tell riders about unused vouchers that expire within a day, at
    most once per voucher (compare-and-set on `reminded_at`). Vouchers valid for a day or
    less from the start are not reminded: the rider has just got them."""
    now = now or timezone.now()
    due = (
        selectors.expiring_between(now, now + selectors.REMIND_BEFORE)
        .filter(reminded_at__isnull=True, issued_at__lt=F("expires_at") - selectors.REMIND_BEFORE)
        .order_by("expires_at", "id")
        .values_list("id", flat=True)[: EXPIRE_BATCH * EXPIRE_MAX_BATCHES]
    )
    sent = 0
    for voucher_id in list(due):
        with transaction.atomic():
            if not Voucher.objects.filter(pk=voucher_id, status=Voucher.Status.ISSUED, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            voucher = Voucher.objects.select_related("rider", "venue").get(pk=voucher_id)
            notify(
                voucher.rider,
                "points_voucher_expiring",
                {
                    "title": label_when_read(voucher),
                    "venue": label_when_read(voucher.venue),
                    "expires": formats.date_format(timezone.localtime(voucher.expires_at), "Y-m-d H:i"),
                },
                link=reverse("points:voucher_detail", args=[voucher.code]),
            )
            sent += 1
    return sent


# --- the merchant: look up and confirm ------------------------------------------------------------


class Result:
    OK = "ok"
    ALREADY_REDEEMED = "already_redeemed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    WRONG_VENUE = "wrong_venue"
    # The operator is the voucher's rider: someone who both redeems and confirms would be
    # the only check on their own redemption.
    OWN_VOUCHER = "own_voucher"
    NOT_FOUND = "not_found"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class Elsewhere:
    """Of another venue's voucher, what the counter may tell the rider: which venue honours
    it and for what. Neither is personal data; the rider is never named."""

    venue: str
    title: str


@dataclass(frozen=True)
class Verdict:
    """What the counter sees. `voucher` is None for wrong_venue, not_found and
    rate_limited: an operator learns nothing of a voucher that is not theirs to honour,
    only, for wrong_venue, where the rider should take it (`elsewhere`)."""

    result: str
    message: str
    voucher: Voucher | None = None
    confirmed: bool = False  # True only for this operator's confirmation (just now, or shown again after it)
    retry_after: int | None = None
    elsewhere: Elsewhere | None = None
    # The voucher was used at this venue and there is nothing left to do: the page a
    # confirmation leads to, not the warning a look-up of a used voucher is.
    settled: bool = False
    # A failed look-up counted towards the pause: how many more may fail before it begins.
    tries_left: int | None = None

    @property
    def retry_minutes(self) -> int | None:
        return -(-self.retry_after // 60) if self.retry_after else None

    @property
    def redeemed_by(self) -> str | None:
        used = self.voucher is not None and self.voucher.redeemed_at is not None
        return redeemed_by_name(self.voucher) if used else None


def lookup_limits() -> tuple[ratelimit.Limit, ratelimit.Limit]:
    """All look-ups per operator account per minute, and failed ones (an unknown code, another
    venue's voucher) per two minutes: a counter serves one customer at a time, a guesser fails.
    A code that cannot be one (the page's form refuses it, the API answers it not_found) is not
    looked up, so not counted; nor is a scan, which reads the exact code and finds it.

    Per account, not per venue or address: colleagues at one venue do not pause each other's
    counter, a shop's Wi-Fi or a carrier's shared address does not pause other shops, and a
    guesser cannot add budget by changing address, only with another account the street
    office issued. Codes are 12 of 31 characters (codes.py, 31**12 ≈ 7.9·10**17): even 10,000
    live vouchers take about 8·10**13 guesses per hit, some 30 million years at 10 misses per
    2 minutes. The pause holds real codes too (an answer to them would tell a guesser which
    codes exist), so it is short: at most the rest of a 2-minute window, announced before."""
    return (
        ratelimit.Limit("points.voucher_lookup", int(getattr(settings, "POINTS_VOUCHER_LOOKUPS_PER_MINUTE", 60)), 60),
        ratelimit.Limit("points.voucher_miss", int(getattr(settings, "POINTS_VOUCHER_MISSES_PER_2_MINUTES", 10)), 120),
    )


def _minutes(seconds: int) -> int:
    return -(-seconds // 60)


def _paused_message(minutes: int) -> str:
    """What a counter paused by failed look-ups does now, then how to reach the street office
    when one is configured (friendlystreet.office)."""
    paused = ngettext(
        "Too many codes were not found. To stop code guessing, look-ups pause, real codes too: try again in "
        "%(minutes)s minute. Meanwhile ask the rider to open the voucher on their phone (My vouchers), then scan its "
        "QR code: a scan is never mistyped. The voucher stays valid. If its code is still not found, contact the "
        "street office.",
        "Too many codes were not found. To stop code guessing, look-ups pause, real codes too: try again in "
        "%(minutes)s minutes. Meanwhile ask the rider to open the voucher on their phone (My vouchers), then scan its "
        "QR code: a scan is never mistyped. The voucher stays valid. If its code is still not found, contact the "
        "street office.",
        minutes,
    ) % {"minutes": minutes}
    return office.with_contact(paused)


def _rate_limited(operator: User) -> Verdict | None:
    lookups, misses = lookup_limits()
    refusing = ratelimit.consume(lookups, key=str(operator.pk), unless=misses)
    if refusing is None:
        return None
    wait = refusing.retry_after()
    minutes = _minutes(wait)
    if refusing is misses:
        # Even a real code waits: a guesser who found one would otherwise carry on.
        message = _paused_message(minutes)
    else:
        message = ngettext(
            "Too many look-ups in a short time: try again in %(minutes)s minute.",
            "Too many look-ups in a short time: try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
    return Verdict(Result.RATE_LIMITED, message, retry_after=wait)


def _count_miss(operator: User, verdict: Verdict, *, looked_up: bool) -> Verdict:
    """A failed look-up of a code that could be one counts towards the pause; the answer says
    how many tries are left once half are gone (as the sign-up code page does), and, for the
    last one, that the pause has begun and what to do meanwhile."""
    if not looked_up or verdict.result not in (Result.NOT_FOUND, Result.WRONG_VENUE):
        return verdict
    misses = lookup_limits()[1]
    left = max(0, misses.count - ratelimit.hit(misses, key=str(operator.pk)))
    message = verdict.message
    retry_after = None
    if left == 0:
        retry_after = misses.retry_after()
        message = sentences(message, _paused_message(_minutes(retry_after)))
    elif left <= max(1, misses.count // 2):
        tries = ngettext(
            "%(left)s try left, then look-ups pause, real codes too.",
            "%(left)s tries left, then look-ups pause, real codes too.",
            left,
        ) % {"left": left}
        scan = _("Scan the QR code on the rider's phone: a scan is never mistyped.")
        message = sentences(message, tries, scan if verdict.result == Result.NOT_FOUND else "")
    return replace(verdict, message=message, tries_left=left, retry_after=retry_after)


def _when(value: datetime | None) -> str:
    return formats.date_format(timezone.localtime(value), "Y-m-d H:i") if value else ""


def _message(result: str, voucher: Voucher | None = None, *, confirmed: bool = False) -> str:
    """The answer in one sentence, what it means for the counter included (the API's
    `message`; the page shows it under a heading that names the state)."""
    if result == Result.OK:
        if confirmed:
            return _("Done: give the rider the reward. The rider has been told.")
        return _("Check the reward and the rider, then confirm.")
    if result == Result.ALREADY_REDEEMED:
        return _("Used on %(when)s at %(venue)s. Do not give the reward again.") % {
            "when": _when(voucher.redeemed_at),
            "venue": voucher.venue.label(),
        }
    if result == Result.EXPIRED:
        return _("Expired on %(when)s: it cannot be used. The rider gets the points back.") % {"when": _when(voucher.expires_at)}
    if result == Result.CANCELLED:
        return _("The rider cancelled it and got the points back: it cannot be used.")
    if result == Result.OWN_VOUCHER:
        return _("You cannot confirm a voucher you redeemed yourself: ask another operator of this venue to confirm it.")
    if result == Result.WRONG_VENUE:
        return _("This is a voucher for “%(title)s” at %(venue)s: ask the rider to use it there.") % {
            "title": voucher.label(),
            "venue": voucher.venue.label(),
        }
    return _("No voucher has this code. Check the code with the rider and type it again.")


def _verdict(voucher: Voucher | None, *, operator: User, now: datetime) -> Verdict | None:
    """The answer for a voucher that `operator` cannot confirm, or None if they can."""
    if voucher is None:
        return Verdict(Result.NOT_FOUND, _message(Result.NOT_FOUND))
    if not voucher.at_my_venue:
        # Where to go with it, and nothing of the rider.
        where = Elsewhere(voucher.venue.label(), voucher.label())
        return Verdict(Result.WRONG_VENUE, _message(Result.WRONG_VENUE, voucher), elsewhere=where)
    if voucher.status == Voucher.Status.REDEEMED:
        return Verdict(Result.ALREADY_REDEEMED, _message(Result.ALREADY_REDEEMED, voucher), voucher)
    if voucher.status == Voucher.Status.CANCELLED:
        return Verdict(Result.CANCELLED, _message(Result.CANCELLED, voucher), voucher)
    if selectors.effective_status(voucher, now=now) == Voucher.Status.EXPIRED:
        return Verdict(Result.EXPIRED, _message(Result.EXPIRED, voucher), voucher)
    if voucher.rider_id == operator.pk:
        # A rider who also serves at the counter: a colleague confirms, so that every
        # redemption is checked by someone other than the person who gets the reward.
        return Verdict(Result.OWN_VOUCHER, _message(Result.OWN_VOUCHER, voucher), voucher)
    return None


def _stored_code(typed: str) -> str | None:
    """The stored form of a code as typed or scanned; None if no voucher can have it (then
    nothing is queried)."""
    code = codes.normalise(typed)
    return code if codes.is_well_formed(code) else None


def _find(operator: User, code: str, *, lock: bool = False) -> Voucher | None:
    """The voucher (by its stored code) with its rider and venue (and, read without a lock,
    who confirmed it), and whether `operator` runs its venue, in one query."""
    mine = Venue.operators.through.objects.filter(venue_id=OuterRef("venue_id"), user_id=operator.pk)
    qs = Voucher.objects.select_related("rider", "venue").annotate(at_my_venue=Exists(mine)).filter(code=code)
    # Locked, of=("self",): the voucher row only, not the rider's or the venue's.
    qs = qs.select_for_update(no_key=True, of=("self",)) if lock else qs.select_related("redeemed_by")
    return qs.first()


def voucher_lookup(*, operator: User, code: str) -> Verdict:
    """What the counter sees after scanning or typing a code, before confirming."""
    _require(operator, roles.REDEMPTION_PAGE)
    limited = _rate_limited(operator)
    if limited:
        return limited
    code = _stored_code(code)
    voucher = _find(operator, code) if code else None
    verdict = _verdict(voucher, operator=operator, now=timezone.now())
    if verdict is None:
        verdict = Verdict(Result.OK, _message(Result.OK), voucher)
    return _count_miss(operator, verdict, looked_up=code is not None)


def voucher_confirm(*, operator: User, code: str) -> Verdict:
    """Use the voucher now: in one transaction, the voucher used, the audit entry and the
    rider's notification. Two operators confirming at once: the voucher row is locked, so
    one gets `ok` and the other `already_redeemed`. An operator's own voucher (they are its
    rider too) is refused, `own_voucher`, and nothing is written: a colleague confirms it."""
    _require(operator, roles.REDEMPTION_PAGE)
    limited = _rate_limited(operator)
    if limited:
        return limited
    code = _stored_code(code)
    now = timezone.now()
    voucher, used = _confirm(operator, code, now) if code is not None else (None, False)
    if used:
        # The same answer as a repeat of it (_settled): a retry cannot tell them apart.
        verdict = Verdict(Result.OK, _message(Result.OK, confirmed=True), voucher, confirmed=True, settled=True)
    else:
        verdict = _verdict(voucher, operator=operator, now=now)
        if verdict is None:
            raise RuntimeError(f"voucher {voucher.pk} could be used but was not")
        if verdict.result == Result.ALREADY_REDEEMED:
            # Used at a venue this operator runs: a confirmation sent again (an app's retry
            # after a timeout, a double tap, a colleague's a moment later). The answer of the
            # page a web confirmation leads to, in the API too: not the look-up's warning.
            verdict = _settled(operator, voucher, now=now)
    return _count_miss(operator, verdict, looked_up=code is not None)


def voucher_confirmed_here(*, operator: User, code: str) -> Verdict | None:
    """The page a confirmation leads to (POST, redirect, GET: a reload shows it again): a
    voucher used at a venue `operator` runs, as settled (_settled()). None for any other code,
    which counts as a failed look-up (the page is no way round the look-up limit). Changes
    nothing."""
    _require(operator, roles.REDEMPTION_PAGE)
    stored = _stored_code(code)
    voucher = _find(operator, stored) if stored else None
    if voucher is None or not voucher.at_my_venue or voucher.status != Voucher.Status.REDEEMED:
        ratelimit.hit(lookup_limits()[1], key=str(operator.pk))
        return None
    return _settled(operator, voucher, now=timezone.now())


# An operator's confirmation repeated within this time is that confirmation again (a retry
# after a timeout, a double tap, a reload): the counter may still have the reward to give.
SAME_CONFIRMATION = timedelta(minutes=10)


def redeemed_by_name(voucher: Voucher) -> str:
    """Who confirmed a used voucher, as colleagues see each other (a name, else the masked phone)."""
    return voucher.redeemed_by.public_name() if voucher.redeemed_by else _("a colleague")


def _settled(operator: User, voucher: Voucher, *, now: datetime) -> Verdict:
    """Of a voucher used at a venue `operator` runs, once a confirmation was sent: settled,
    with when, where and by whom; the one answer of the web's page and of the API's confirm.
    The operator's own confirmation of the last few minutes (SAME_CONFIRMATION) is `confirmed`,
    as when it was made; an older one of theirs, or a colleague's, says who did it and that
    nothing is left to do."""
    params = {"when": _when(voucher.redeemed_at), "venue": voucher.venue.label()}
    if voucher.redeemed_by_id == operator.pk:
        if now - voucher.redeemed_at <= SAME_CONFIRMATION:
            return Verdict(Result.OK, _message(Result.OK, confirmed=True), voucher, confirmed=True, settled=True)
        message = _("You confirmed it on %(when)s at %(venue)s: nothing more to do.") % params
    else:
        message = _("%(who)s confirmed it on %(when)s at %(venue)s: nothing more to do.") % {
            **params,
            "who": redeemed_by_name(voucher),
        }
    return Verdict(Result.ALREADY_REDEEMED, message, voucher, settled=True)


def _confirm(operator: User, code: str, now: datetime) -> tuple[Voucher | None, bool]:
    """(the voucher, True if this call used it and told its rider), in one transaction."""
    with transaction.atomic():
        # The voucher row locked: of two operators confirming at once, the second waits
        # here, then reads it used.
        voucher = _find(operator, code, lock=True)
        if _verdict(voucher, operator=operator, now=now) is not None:
            return voucher, False
        voucher.status = Voucher.Status.REDEEMED
        voucher.redeemed_at = now
        voucher.redeemed_by = operator
        voucher.save(update_fields=["status", "redeemed_at", "redeemed_by"])
        audit_record(actor=operator, action="points.voucher_redeemed", target=voucher, data={"venue": voucher.venue_id})
        notify(
            voucher.rider,
            "points_voucher_redeemed",
            {"title": label_when_read(voucher), "venue": label_when_read(voucher.venue)},
            link=reverse("points:voucher_detail", args=[voucher.code]),
        )
    return voucher, True
