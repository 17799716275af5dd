"""Reading the staff menu's badges off a page."""

from __future__ import annotations

import re

# A menu link's badge: what it counts (for screen readers), then the number (templates/staff/base.html).
NAV_BADGE = r'<span class="visually-hidden">[^<]*</span><span class="badge nav-badge" data-testid="nav-badge" title="[^"]*">'


def badge(html: str, href: str) -> int:
    """The number on the menu link to `href` ("/staff/claims/"); 0 when it shows none."""
    found = re.search(r'href="' + re.escape(href) + r'">[^<]*' + NAV_BADGE + r"(\d+)<", html)
    return int(found.group(1)) if found else 0


def period_form(html: str) -> dict[str, str]:
    """What the dashboard's period form sends as it stands: its inputs' names and values, as a
    browser submits them (the selects are set by the test)."""
    form = re.search(r'<form method="get" class="filters dash-period".*?</form>', html, re.S).group(0)
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields
