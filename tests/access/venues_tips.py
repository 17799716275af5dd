"""A rider takes back their own tip while it waits for review (the page and the API): nobody
else can, and nobody else learns that the tip exists (404)."""

from __future__ import annotations

from tests.access import LOGIN, Route


def _own_pending_tip(world):
    from tests.venues.factories import TipFactory

    return {"pk": TipFactory(author=world.rider).pk}


NOT_THEIRS = {"partner": 404, "reviewer": 404, "admin": 404}

ROUTES = [
    Route("venues:tip_retract", {"anon": LOGIN, "rider": 302, **NOT_THEIRS}, setup=_own_pending_tip, method="post"),
    Route("venues_api:tip_retract", {"anon": 401, "rider": 200, **NOT_THEIRS}, setup=_own_pending_tip, method="post"),
]
