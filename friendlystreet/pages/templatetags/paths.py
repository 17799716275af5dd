from __future__ import annotations

from django import template

from ..paths import static_path

register = template.Library()


@register.simple_tag
def path(url_name: str) -> str:
    """{% path "home" %}: {% url "home" %} for views without arguments, reversed once."""
    return static_path(url_name)
