"""{% load phones %}: a phone number as riders read it ({{ phone|phone }} → 139 1234 5678)."""

from __future__ import annotations

from django import template

from ..phones import format_phone

register = template.Library()

register.filter("phone", format_phone)
