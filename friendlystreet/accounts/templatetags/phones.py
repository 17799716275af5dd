"""{% load phones %}: a phone number as riders read it ({{ phone|phone }} → 139 1234 5678), and an
SMS code's field as a phone should offer it ({{ form|sms_code }}, accounts/code_forms.py)."""

from __future__ import annotations

from django import template

from ..code_forms import sms_code_field
from ..phones import format_phone

register = template.Library()

register.filter("phone", format_phone)
register.filter("sms_code", sms_code_field)
