"""Refusals of the reports services (the API answers 409 unless said otherwise)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from friendlystreet.api.errors import DomainError

from ..errors import NotAllowed as NotAllowed  # the app's one refusal, raised here too


class NotVerified(DomainError):
    code = "not_verified"
    # One family with the other not_verified refusals (points, rewards, volunteers, reports):
    # the same opening, what the rider cannot do yet, and where to finish verification.
    default_message = _(
        "Your account has not been verified by the street office yet, so you cannot report problems. "
        "Finish verification on My profile."
    )


class InvalidTransition(DomainError):
    code = "invalid_transition"
    default_message = _("A report in this state cannot move to that one.")


class ConfirmOriginal(Exception):
    """Not a refusal: a duplicate asked to be confirmed (report_transition's `confirm`) names
    an original staff have not confirmed yet, so nothing was written; `original` is the one to
    show them."""

    def __init__(self, original):
        super().__init__(original.pk)
        self.original = original


class OwnReport(DomainError):
    code = "own_report"
    default_message = _("This is your own report: it already counts you.")


class AlreadyMeToo(DomainError):
    code = "already_me_too"
    default_message = _("You have already said you see this problem too.")


class ReportNotFound(DomainError):
    """A "me too" on a report the rider may not know of (selectors.known_to_rider_q): one that
    does not exist and one they cannot see get the same answer, so a number tells nothing."""

    code = "not_found"
    status_code = status.HTTP_404_NOT_FOUND
    default_message = _(
        "There is no open report with this number that you can say “me too” on. It may have been closed since you saw it."
    )


class ReportClosed(DomainError):
    code = "report_closed"
    default_message = _("This report is closed.")


class TooManyReports(DomainError):
    code = "too_many_reports"
    default_message = _("You have sent many reports today. Thank you! Send more tomorrow.")
