from __future__ import annotations

from django import template

from friendlystreet.privacy.access import REASONS

register = template.Library()


@register.simple_tag
def access_reasons() -> list:
    """The reasons staff choose from before they see a rider's personal data."""
    return REASONS


@register.simple_tag
def retention_days() -> dict:
    """The notice's numbers, from the settings (conf.py)."""
    from friendlystreet.privacy import conf

    return {
        "photos": conf.photo_retention_days(),
        "evidence": conf.evidence_retention_days(),
        "cooling_off": conf.cooling_off_days(),
    }
