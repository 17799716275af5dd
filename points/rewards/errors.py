"""Refusals of the rewards services. The API answers them as 409 (unless said otherwise)
with `{"message", "code", "fields"}`; pages show the message. The codes are the ones the
issue promises to clients: insufficient_points, out_of_stock, limit_reached,
not_available, not_verified."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from friendlystreet.api.errors import DomainError
from points import errors as claim_errors
from points.errors import IdempotencyKeyTooLong as IdempotencyKeyTooLong  # the claims share it


class NotVerified(DomainError):
    code = "not_verified"
    # One family with the other not_verified refusals (points, rewards, volunteers, reports):
    # the same opening, what the rider cannot do yet, and where to finish verification.
    default_message = _(
        "Your account has not been verified by the street office yet, so you cannot redeem points. "
        "Finish verification on My profile."
    )


class NotAvailable(DomainError):
    code = "not_available"
    default_message = _("This reward is not available now.")


class OutOfStock(DomainError):
    code = "out_of_stock"
    default_message = _("Sorry, this reward is out of stock.")


class LimitReached(DomainError):
    code = "limit_reached"
    default_message = _("You have reached this reward's limit for this month.")


class InsufficientPoints(DomainError):
    code = "insufficient_points"
    default_message = _("You do not have enough points for this reward.")


class IdempotencyKeyReused(claim_errors.IdempotencyKeyReused):
    """The key names an earlier purchase of another reward: a client bug, not a retry (the
    claims' refusal, with the purchase's words)."""

    default_message = _("This Idempotency-Key was used for another reward. Send a new key for each purchase.")


class VoucherNotCancellable(DomainError):
    """Only an unused voucher can be cancelled; the body carries its status."""

    code = "voucher_not_cancellable"
    default_message = _("Only an unused voucher can be cancelled.")


class NotYourVenue(DomainError):
    code = "permission_denied"
    status_code = status.HTTP_403_FORBIDDEN
    default_message = _("You can only propose rewards for a venue you run.")


class RewardGone(DomainError):
    code = "reward_gone"
    status_code = status.HTTP_404_NOT_FOUND
    default_message = _("This reward no longer exists: the proposal was declined meanwhile.")


class NotAProposal(DomainError):
    """Only a partner's proposal that waits for the street office can be declined."""

    code = "not_a_proposal"
    default_message = _("This reward is not a proposal waiting to be published: it cannot be declined.")


class RewardNotDeletable(DomainError):
    """Only a reward not on sale that no rider ever redeemed can be deleted."""

    code = "reward_not_deletable"
    default_message = _(
        "Riders have redeemed this reward, so it stays: their vouchers and points records show what they were for. "
        "Switch it off instead."
    )


class NoQrCode(DomainError):
    """A used, cancelled or expired voucher has no QR code to show (the body carries its status)."""

    code = "no_qr_code"
    status_code = status.HTTP_404_NOT_FOUND
    default_message = _("This voucher can no longer be used, so it has no QR code.")


class NotOnSaleYet(DomainError):
    """An operator pauses, resumes or restocks only a reward the street office has published."""

    code = "not_published"
    default_message = _("The street office has not published this reward yet: nothing to pause or restock.")


class SwitchedOffByStreetOffice(DomainError):
    """The street office switched the reward off: only they offer it again, not its operator."""

    code = "switched_off_by_street_office"
    status_code = status.HTTP_403_FORBIDDEN
    default_message = _("The street office switched this reward off: ask them to offer it again.")
    office_contact = True  # as the row of 本店的奖品 says it
