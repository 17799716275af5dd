"""Rider verification (issue 17): the decision page, the rider's evidence upload and image."""

from __future__ import annotations

from django.core.files.base import ContentFile

from tests.access import LOGIN, Route, api, page
from tests.factories import RiderFactory
from tests.points.factories import image_bytes


def _unverified(world) -> dict:
    return {"pk": RiderFactory(verification="unverified").pk}


def _evidence(world) -> dict:
    world.rider.verification_evidence.save("e.jpg", ContentFile(image_bytes()), save=True)
    return {"pk": world.rider.pk}


ROUTES = [
    # The decision page (GET; its POST is in points.py).
    Route("points:rider_decide", page(staff=True), setup=_unverified),
    # Riders upload their evidence (the matrix's admin is a superuser, with every permission).
    Route("points:evidence_upload", page(rider_only=True)),
    # The same in the API; the matrix sends no file: 400 past the permission check.
    Route("points_api:me_evidence", api(rider_only=True, ok=400), method="post"),
    # The image: its rider and staff who verify riders; anyone else 404 (no hint it exists).
    Route(
        "points:rider_evidence",
        {"anon": LOGIN, "rider": 200, "partner": 404, "reviewer": 200, "admin": 200},
        setup=_evidence,
    ),
]
