"""Refusals of the texts services (the API answers 409 unless said otherwise)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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
