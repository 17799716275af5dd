"""Refusals of the texts services (the API answers 409 unless said otherwise)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from friendlystreet.api.errors import DomainError

from ..errors import NotAllowed as NotAllowed  # the app's one refusal, raised here too


class AlreadySigned(DomainError):
    code = "already_signed"
    default_message = _("You have already signed this.")


class NotSignable(DomainError):
    code = "not_signable"
    default_message = _("This text is not one that is signed.")


class NotSigned(DomainError):
    code = "not_signed"
    default_message = _("You have not signed this.")


class NotEntitled(DomainError):
    """Signing for a party that is not the signer's (selectors.signing_rights)."""

    code = "not_entitled"
    status_code = status.HTTP_403_FORBIDDEN
    default_message = _(
        "You cannot sign for this party. A community signs through the staff of its community station, "
        "a property company through the staff of its property station (the street office links their accounts "
        "to the station), and couriers and riders sign with their rider account."
    )
