from __future__ import annotations

from django import template
from django.forms.utils import flatatt
from django.utils.safestring import SafeString

from friendlystreet.uploads import size_check_attrs as attrs

register = template.Library()


@register.simple_tag
def size_check_attrs(max_files: int | None = None) -> SafeString:
    """Inside a photo's <input type="file"> a template writes by hand: the limits and the words
    static/js/uploads.js says when a chosen file is over the size, or (given max_files, e.g.
    `{% size_check_attrs max_files=max_photos %}`) when more files are chosen than the form
    takes (friendlystreet.uploads)."""
    return flatatt(attrs(max_files))
