"""Mainland mobile numbers: what riders type (13800000001) and what we store (+8613800000001)."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

_MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-()]")

INVALID_PHONE_MESSAGE = _("Enter a mainland China mobile number: 11 digits starting with 1, e.g. 13800000001.")


def normalize_phone(value: str) -> str | None:
    """Return the E.164 form of a mainland mobile number, or None if it is not one."""
    raw = _SEPARATORS.sub("", value or "")
    if raw.startswith("+86"):
        raw = raw[3:]
    elif raw.startswith("0086"):
        raw = raw[4:]
    elif raw.startswith("86") and len(raw) == 13:
        raw = raw[2:]
    if not _MAINLAND_MOBILE.match(raw):
        return None
    return f"+86{raw}"


def format_phone(phone: str | None) -> str:
    """+8613912345678 → 139 1234 5678: the number as riders write and read it, for the rider's
    own screens (sign-up, codes). The groups are joined by no-break spaces, so that a line
    never breaks inside the number. Anything that is not a mainland mobile number is left as is."""
    normalized = normalize_phone(phone or "")
    if normalized is None:
        return phone or ""
    local = normalized[3:]
    return f"{local[:3]}\u00a0{local[3:7]}\u00a0{local[7:]}"


def mask_phone(phone: str | None) -> str:
    """138****0001: enough for a merchant to recognise a rider, not to call them."""
    if not phone:
        return ""
    local = phone[3:] if phone.startswith("+86") else phone
    if len(local) < 7:
        return "*" * len(local)
    return f"{local[:3]}****{local[-4:]}"


def mask_name(name: str | None) -> str:
    """张* / 欧阳** : the first character, then one star per hidden character."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def rider_username(phone: str) -> str:
    """The username an account is given at sign-up, made of its number (+8613912340001 →
    rider13912340001; riders never see it). A change of number renames it (adapter.phone_change),
    and migration 0008 renamed those left by earlier changes: it imports this function, so keep
    it pure and keep this rule, or give that migration a copy of the old one."""
    return f"rider{phone[3:]}"
