"""Refusals of the volunteers services. The API answers them as 409 (unless said otherwise)
with `{"message", "code", "fields"}`; pages show the message. The sign-up codes are the ones
the issue promises to clients: full_and_no_waitlist, deadline_passed, already_signed_up,
not_published, team_only, not_verified."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from friendlystreet.api.errors import DomainError


class NotAllowed(DomainError):
    """The app's one refusal of an actor without the permission (activities, reports, texts)."""

    code = "permission_denied"
    status_code = status.HTTP_403_FORBIDDEN
    default_message = _("You do not have permission to do this.")


def require(actor, perm: str) -> None:
    """The check each service makes itself (views check too): NotAllowed unless `actor` is
    signed in and has `perm`."""
    if actor is None or not actor.is_authenticated or not actor.has_perm(perm):
        raise NotAllowed()


class NotVerified(DomainError):
    code = "not_verified"
    # One family with the other not_verified refusals (points, rewards, volunteers, reports):
    # the same opening, what the rider cannot do yet, and where to finish verification.
    default_message = _(
        "Your account has not been verified by the street office yet, so you cannot sign up for activities. "
        "Finish verification on My profile."
    )


class NotPublished(DomainError):
    code = "not_published"
    default_message = _("This activity is not open for sign-up.")


class DeadlinePassed(DomainError):
    code = "deadline_passed"
    default_message = _("The sign-up deadline of this activity has passed.")


class AlreadySignedUp(DomainError):
    code = "already_signed_up"
    default_message = _("You have already signed up for this activity.")


class TeamOnly(DomainError):
    code = "team_only"
    default_message = _("Only members of the 帮帮龘 volunteer team can join this activity.")


class FullAndNoWaitlist(DomainError):
    """Kept for clients: every activity has a waitlist today, so the sign-up service never
    raises it; a capacity of places plus a waitlist cap would."""

    code = "full_and_no_waitlist"
    default_message = _("This activity is full.")


class NotSignedUp(DomainError):
    code = "not_signed_up"
    default_message = _("You have not signed up for this activity.")


class RosterClosed(DomainError):
    code = "roster_closed"
    default_message = _("This activity is finished: its roster is closed.")


class CheckinNotOpen(DomainError):
    code = "checkin_not_open"
    default_message = _("Check-in has not opened yet: it opens an hour before the activity starts.")


class CheckinClosed(DomainError):
    code = "checkin_closed"
    default_message = _("Check-in has closed: it closes two hours after the activity ends.")


class HasCheckins(DomainError):
    """Cancelling an activity at which riders have checked in (and been paid): it took place."""

    code = "has_checkins"
    default_message = _("Riders have checked in at this activity, so it cannot be cancelled.")


class WrongState(DomainError):
    code = "wrong_state"
    default_message = _("This cannot be done in the activity's present state.")


class AlreadyMember(DomainError):
    code = "already_member"
    default_message = _("You are already a member of the team, or your request is waiting.")


class NotRequested(DomainError):
    code = "not_requested"
    default_message = _("This request has already been decided.")


class AlreadyAppointed(DomainError):
    code = "already_appointed"
    default_message = _("This rider already holds a current micro-grid appointment.")


class CertificateNumberTaken(DomainError):
    code = "certificate_number_taken"
    default_message = _("This certificate number is already used.")


class ConsentRequired(DomainError):
    code = "consent_required"
    status_code = status.HTTP_400_BAD_REQUEST
    default_message = _("Tick the consent to show your party membership, or leave the declaration.")


class NotStartedYet(DomainError):
    code = "not_started"
    default_message = _(
        "This activity has not started yet, so it cannot be finished. If it will not take place, cancel it instead."
    )


class NotAMember(DomainError):
    code = "not_a_member"
    default_message = _("This rider is no longer a member of the team.")


class ActivityFull(DomainError):
    """Staff adding a rider at the event (a walk-in, a waitlisted rider moved up) when every
    place is taken, without saying they accept going over the capacity."""

    code = "activity_full"
    default_message = _("Every place of this activity is taken.")


class NotARider(DomainError):
    code = "not_a_rider"
    default_message = _("Only a verified rider can be signed up at the event.")
