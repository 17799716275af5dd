"""How partners reach the street office: settings.STREET_OFFICE_CONTACT (a phone and hours, a
WeChat account), said after every "contact the street office" sentence. Empty (the default):
those sentences read as before, with nothing added."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _


def contact() -> str:
    return (getattr(settings, "STREET_OFFICE_CONTACT", "") or "").strip()


def contact_sentence() -> str:
    """“街道办联系方式：028-8888 0000（工作日 9:00–17:00）。”, or "" when none is set."""
    said = contact()
    return _("Street office contact: %(contact)s.") % {"contact": said} if said else ""
