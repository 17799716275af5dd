"""What a partner operator runs (the venues where they confirm vouchers), registered by the app
that keeps those places, from its AppConfig.ready() (venues/apps.py):

    register_operated_places(OperatedPlaces(
        model=Venue,
        operated_by=...,   # (user) -> the places they run, by name
        run_alone_by=...,  # (user) -> those of them nobody else runs
        to_give=...,       # (user or None) -> the active places they do not run yet, by name
        link=...,          # (user, places): they run these too
        unlink=...,        # (user, places): they no longer run these
    ))

The users and roles pages (staff_users.py, staff_views.py) list, offer, give and take these
places through it, and never import a feature app (DESIGN.md: dependencies point one way). A
place is named by str(place) and shown on the page by its `name` and `active`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class OperatedPlaces:
    model: type[Model]  # a page looks a place up by its id; a form's choice field holds them
    operated_by: Callable[[Any], QuerySet]
    run_alone_by: Callable[[Any], QuerySet]
    to_give: Callable[[Any], QuerySet]
    link: Callable[[Any, Iterable[Model]], None]
    unlink: Callable[[Any, Iterable[Model]], None]


_places: list[OperatedPlaces] = []


def register_operated_places(places: OperatedPlaces) -> None:
    """Call in AppConfig.ready(): one app keeps what partner operators run."""
    _places[:] = [places]


def operated_places() -> OperatedPlaces:
    if not _places:
        # A partner operator without places to run makes no sense: say which app is missing.
        raise ImproperlyConfigured("No app registered what a partner operator runs (venues/apps.py).")
    return _places[0]
