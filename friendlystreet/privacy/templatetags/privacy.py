from __future__ import annotations

from django import template

from friendlystreet.privacy.access import REASONS

register = template.Library()


@register.simple_tag
def access_reasons() -> list:
    """The reasons staff choose from before they see a rider's personal data."""
    return REASONS
