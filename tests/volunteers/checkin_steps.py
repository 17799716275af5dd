"""What the check-in page answered, read from its HTML (the staff's check-in stories)."""

from __future__ import annotations

import re

from volunteers.models import Activity


def checkin_url(activity: Activity) -> str:
    return f"/staff/activities/{activity.pk}/checkin/"


def verdict(response) -> str:
    """The verdict's result code (ok, already, walk_in...), or "" when there is none."""
    found = re.search(r'data-testid="verdict" data-result="([a-z_]+)"', response.content.decode())
    return found.group(1) if found else ""
