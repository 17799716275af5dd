"""Reading the staff menu's badges off a page."""

from __future__ import annotations

import re

# A menu link's badge: what it counts (for screen readers), then the number (templates/staff/base.html).
NAV_BADGE = r'<span class="visually-hidden">[^<]*</span><span class="badge nav-badge" data-testid="nav-badge" title="[^"]*">'


def badge(html: str, href: str) -> int:
    """The number on the menu link to `href` ("/staff/claims/"); 0 when it shows none."""
    found = re.search(r'href="' + re.escape(href) + r'">[^<]*' + NAV_BADGE + r"(\d+)<", html)
    return int(found.group(1)) if found else 0
