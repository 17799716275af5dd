"""Paths of the views that take no arguments, reversed once per process: the top bar,
the footer and the menus name a dozen of them on every page, and reversing each on each
request was a tenth of a signed-in page's time. The URLconf does not change while the
process runs; the script prefix (a deployment under a sub-path) is part of the key."""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=512)
def _reversed(url_name: str, _prefix: str) -> str:
    return reverse(url_name)


def static_path(url_name: str) -> str:
    return _reversed(url_name, get_script_prefix())
