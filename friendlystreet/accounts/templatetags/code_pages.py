"""{% load code_pages %}: {% resend_wait %}, the seconds a code page's "request new code" still
waits (accounts/code_resend.py), for codes.js to count down from."""

from __future__ import annotations

from django import template

from ..code_resend import seconds_left_on_page

register = template.Library()


@register.simple_tag(takes_context=True)
def resend_wait(context) -> int:
    return seconds_left_on_page(context["request"])
