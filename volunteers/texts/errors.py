"""Refusals of the texts services (the API answers 409 unless said otherwise)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from friendlystreet.api.errors import DomainError


class NotAllowed(DomainError):
    code = "permission_denied"
    status_code = status.HTTP_403_FORBIDDEN
    default_message = _("You do not have permission to do this.")


class AlreadySigned(DomainError):
    code = "already_signed"
    default_message = _("You have already signed this.")


class NotSignable(DomainError):
    code = "not_signable"
    default_message = _("This text is not one that is signed.")


class NotSigned(DomainError):
    code = "not_signed"
    default_message = _("You have not signed this.")
