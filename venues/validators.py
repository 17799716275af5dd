"""The phone numbers a venue or a compound's property office shows riders: one rule, on the
model fields, so that the staff form, the import and the API refuse the same things."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.phones import normalize_phone

# Spaces, hyphens, dots and brackets group the digits (028-8888 8888, (028) 88888888).
_GROUPING = re.compile(r"[\s\-.()（）]")
# A landline with its area code (0 + 2-3 digits, then 7-8), or without it (7-8 digits, not
# starting with 0 or 1), or a national service number (400/800 + 7 digits); an extension may
# follow 转 or "ext".
_LANDLINE = re.compile(r"^(?:0\d{2,3}[2-9]\d{6,7}|[2-9]\d{6,7}|[48]00\d{7})(?:(?:转|ext|x)\d{1,6})?$", re.IGNORECASE)

INVALID_VENUE_PHONE = _("Enter a phone number: a mobile number (13800000001) or a landline with its area code (028-8888 8888).")


def validate_phone(value: str) -> None:
    """A mainland mobile number (accounts.phones, the riders' own rule) or a landline."""
    if not value:
        return
    if normalize_phone(value) is not None:
        return
    digits = _GROUPING.sub("", value)
    if digits.startswith("+86"):  # +86 28 8888 8888: the area code without its 0
        digits = "0" + digits[3:]
    if not _LANDLINE.match(digits):
        raise ValidationError(INVALID_VENUE_PHONE, code="invalid_phone")
