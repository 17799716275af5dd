"""What a page shows, read from its HTML: an element by its data-testid, and its text."""

from __future__ import annotations

import re


def section(html: str, testid: str) -> str:
    """The element with this data-testid, up to its closing tag (no nesting of the same tag)."""
    start = html.index(f'data-testid="{testid}"')
    start = html.rindex("<", 0, start)
    tag = re.match(r"<(\w+)", html[start:]).group(1)
    return html[start : html.index(f"</{tag}>", start) + len(tag) + 3]


def text_of(html: str, testid: str) -> str:
    """The text of the element with this data-testid, without its markup."""
    return re.sub(r"<[^>]+>", "", section(html, testid)).strip()
