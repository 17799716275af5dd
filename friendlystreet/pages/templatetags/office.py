"""{% street_office_contact %}: the street office's contact (friendlystreet.office) after a
sentence that tells the reader to contact it; nothing when none is configured."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from friendlystreet import lists, office

register = template.Library()


@register.simple_tag
def street_office_contact() -> str:
    said = office.contact_sentence()
    if not said:
        return ""
    return format_html(
        '{}<span class="office-contact" data-testid="street-office-contact">{}</span>', lists.sentence_separator(), said
    )
