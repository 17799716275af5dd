"""The rider home's "my next activity" panel (friendlystreet.pages.panels): one query."""

from __future__ import annotations

from django.http import HttpRequest

from .selectors import activities_of, still_to_come

PERM_JOIN = "volunteers.join_activities"


def next_activity_panel(request: HttpRequest) -> dict | None:
    if not request.user.has_perm(PERM_JOIN):
        return None
    upcoming = activities_of(request.user).filter(still_to_come())
    return {"activity": upcoming.first()}


def register() -> None:
    from friendlystreet.pages.panels import register_home_panel

    register_home_panel("home/volunteers_next_activity.html", next_activity_panel, order=30)
