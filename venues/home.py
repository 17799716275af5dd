"""The rider home's "rest stations near me" panel (friendlystreet.pages.panels). It costs no
query: with the phone's permission static/js/home.js asks the venue list API (`near`,
`open_now`) for the nearest open stations; without it, the panel links to the map."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from .models import VenueKind

NEAREST = 3


def nearby_panel(request: HttpRequest) -> dict | None:
    query = urlencode({"kind": VenueKind.COMMUNITY_STATION, "open_now": "true", "page_size": NEAREST})
    return {"api": f"{reverse('venues_api:venue_list')}?{query}", "map": reverse("venues:venue_list")}


def register() -> None:
    from friendlystreet.pages.panels import register_home_panel

    register_home_panel("home/venues_nearby.html", nearby_panel, order=20)
