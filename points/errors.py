"""Domain errors of the points app. The API answers them as {"message", "code", "fields"}
(409 unless said otherwise); pages show the message."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status

from friendlystreet.api.errors import DomainError


class NotAllowed(DomainError):
    code = "permission_denied"
    status_code = status.HTTP_403_FORBIDDEN
    default_message = _("You do not have permission to do this.")


class RiderNotVerified(DomainError):
    # As the rewards, sign-ups and reports refuse an unverified rider: one code and one status,
    # 409 (the account's state refuses it until verification; 403 is for a caller who may never).
    code = "not_verified"
    # One family with the other not_verified refusals (points, rewards, volunteers, reports):
    # the same opening, what the rider cannot do yet, and where to finish verification.
    default_message = _(
        "Your account has not been verified by the street office yet, so you cannot claim points. "
        "Finish verification on My profile."
    )


class RuleNotClaimable(DomainError):
    code = "rule_not_claimable"
    default_message = _("This rule cannot be claimed.")


class TooManyPendingClaims(DomainError):
    code = "too_many_pending_claims"
    default_message = _("You have too many claims waiting for review. Wait until some are decided.")


class ClaimNotPending(DomainError):
    """The claim has already been decided (or withdrawn); the body carries its status."""

    code = "claim_not_pending"
    default_message = _("This claim has already been decided.")

    @classmethod
    def on_withdraw(cls, claim) -> ClaimNotPending:
        """The rider asked to withdraw a claim that is no longer pending: the words follow
        its status (a claim the rider withdrew was never reviewed)."""
        if claim.status == claim.Status.WITHDRAWN:
            message = _("You have already withdrawn this claim.")
        else:
            message = _("This claim has already been reviewed (%(status)s): it can no longer be withdrawn.") % {
                "status": claim.get_status_display()
            }
        return cls(message, extra={"status": claim.status})

    @classmethod
    def decided_first(cls, claim, *, approve: bool) -> ClaimNotPending:
        """A reviewer's decision on a claim someone decided first: who (a reviewer, the rider
        withdrawing it, or the programme paying it) and when, as rider verification says it
        (services._still_as_seen). The body carries the claim's status and points now."""
        values = {
            "id": claim.pk,
            "who": claim.decided_by.public_name() if claim.decided_by else "",
            "when": timezone.localtime(claim.decided_at).strftime("%Y-%m-%d %H:%M") if claim.decided_at else "",
            "status": claim.get_status_display(),
        }
        Status = claim.Status
        if claim.status == Status.APPROVED and claim.decided_by:
            if approve:
                message = _("Claim #%(id)s was approved by %(who)s at %(when)s, before your approval: it was not saved.")
            else:
                message = _("Claim #%(id)s was approved by %(who)s at %(when)s, before your rejection: it was not saved.")
        elif claim.status == Status.REJECTED and claim.decided_by:
            if approve:
                message = _("Claim #%(id)s was rejected by %(who)s at %(when)s, before your approval: it was not saved.")
            else:
                message = _("Claim #%(id)s was rejected by %(who)s at %(when)s, before your rejection: it was not saved.")
        elif claim.status == Status.WITHDRAWN:
            if approve:
                message = _("Claim #%(id)s was withdrawn by the rider at %(when)s, before your approval: it was not saved.")
            else:
                message = _("Claim #%(id)s was withdrawn by the rider at %(when)s, before your rejection: it was not saved.")
        # Decided without a reviewer: paid by the programme (an activity's attendance).
        elif approve:
            message = _("Claim #%(id)s is already %(status)s: your approval was not saved.")
        else:
            message = _("Claim #%(id)s is already %(status)s: your rejection was not saved.")
        return cls(message % values, extra={"status": claim.status, "points": claim.points})


class VerificationChanged(DomainError):
    """A rider's verification is no longer what the deciding page showed: another verifier
    decided first, or the rider sent a new screenshot or changed their verified details. The
    message says who and when (services.rider_verify); the body carries the state now."""

    code = "verification_changed"
    default_message = _("This rider's verification has changed since you opened the page.")


class OwnClaim(DomainError):
    code = "own_claim"
    status_code = status.HTTP_403_FORBIDDEN
    default_message = _("You cannot review your own claim.")


class InsufficientBalance(DomainError):
    code = "insufficient_balance"
    default_message = _("The balance cannot go below zero.")


class AlreadyPosted(DomainError):
    code = "already_posted"
    default_message = _("These points have already been booked.")


class OwnBalance(DomainError):
    code = "own_balance"
    status_code = status.HTTP_403_FORBIDDEN
    default_message = _("You cannot adjust your own balance.")


class IdempotencyKeyTooLong(DomainError):
    code = "invalid_idempotency_key"
    status_code = status.HTTP_400_BAD_REQUEST
    default_message = _("An Idempotency-Key has at most 64 characters, none of them invisible.")


class IdempotencyKeyReused(DomainError):
    """The key names an earlier claim of the rider's with other details: a client's bug (or a
    form sent again after changes), not a retry. The rewards' purchase answers the same."""

    code = "idempotency_key_reused"
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_message = _("This claim was already sent, with other details. To send another claim, start a new one.")
