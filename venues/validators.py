"""The phone numbers a venue or a compound's property office shows riders: one rule, on the
model fields, so that the staff form, the import and the API refuse the same things."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.phones import normalize_phone

# Spaces, hyphens, dots and brackets group the digits (028-8888 8888, (028) 88888888).
_GROUPING = re.compile(r"[\s\-.()（）]")
# A landline with its area code (0 + 2-3 digits, then 7-8), or without it (7-8 digits, not
# starting with 0 or 1), or a national service number (400/800 + 7 digits); an extension may
# follow 转 or "ext".
_LANDLINE = re.compile(r"^(?:0\d{2,3}[2-9]\d{6,7}|[2-9]\d{6,7}|[48]00\d{7})(?P<ext>(?:转|ext|x)\d{1,6})?$", re.IGNORECASE)
# An extension after a last hyphen (028-88888888-123), tried when the whole is no number.
_DASH_EXTENSION = re.compile(r"^(?P<number>.+?)\s*-\s*(?P<ext>\d{1,6})$")
# Dashes an input method or a copied text may give instead of a hyphen (NFKC keeps them).
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63]")

# No colon: the import puts the column before it (电话：请输入电话号码，如…).
INVALID_VENUE_PHONE = _("Enter a phone number, e.g. a mobile 138 0000 0000, a landline 028-8888 8888 or 028-8888 8888 ext. 123.")


def normalize_phone_text(value: str) -> str:
    """The number as typed, in half-width: a Chinese input method's full-width digits and
    dashes (０２８－８８８８) become 028-8888, so that lists do not mix both widths."""
    return _DASHES.sub("-", unicodedata.normalize("NFKC", value or "")).strip()


def _landline(text: str) -> re.Match | None:
    digits = _GROUPING.sub("", text)
    if digits.startswith("+86"):  # +86 28 8888 8888: the area code without its 0
        digits = "0" + digits[3:]
    return _LANDLINE.match(digits)


def validate_phone(value: str) -> None:
    """A mainland mobile number (accounts.phones, the riders' own rule) or a landline, with an
    extension after 转, ext, x or a last hyphen (028-8888 8888-123)."""
    if not value:
        return
    text = normalize_phone_text(value)
    if normalize_phone(text) is not None or _landline(text):
        return
    extension = _DASH_EXTENSION.match(text)
    if extension and (landline := _landline(extension["number"])) and landline["ext"] is None:
        return
    raise ValidationError(INVALID_VENUE_PHONE, code="invalid_phone")
