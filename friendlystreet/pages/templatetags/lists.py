from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from friendlystreet import lists

register = template.Library()


@register.filter
def listed(items: Iterable[Any]) -> str:
    """{{ venues|listed }}: 饮用水、热水 / drinking water, hot water (friendlystreet.lists), escaped
    on output like any other value."""
    return lists.listed(items)


@register.simple_tag
def between_sentences() -> str:
    """Where two sentences meet: a space in English, nothing in Chinese (friendlystreet.lists)."""
    return lists.sentence_separator()
