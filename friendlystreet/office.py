"""How partners and riders reach the street office: settings.STREET_OFFICE_CONTACT (a phone and hours, a
WeChat account), said after every "contact the street office" sentence: on pages by
{% street_office_contact %}, in SMS texts, flash messages and API messages by with_contact(),
which a notice kind (notifications.kinds.Kind.office_contact) and a refusal
(api.errors.DomainError.office_contact) that send their reader there call by saying so. Empty
(the default): those sentences read as before, with nothing added."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from friendlystreet.lists import sentences


def contact() -> str:
    return (getattr(settings, "STREET_OFFICE_CONTACT", "") or "").strip()


def contact_sentence() -> str:
    """“街道办联系方式：028-8888 0000（工作日 9:00–17:00）。”, or "" when none is set."""
    said = contact()
    return _("Street office contact: %(contact)s.") % {"contact": said} if said else ""


def with_contact(text: Any) -> str:
    """A plain text that sends its reader to the street office (an SMS, an API message), then
    how to reach it when one is set, joined as the active language joins sentences; the text
    alone otherwise. The contact is added after any %-formatting of `text`, so a % in it is
    taken as it is."""
    return sentences(text, contact_sentence())
