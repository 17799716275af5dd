"""Who may open the riders' and the public's neighbourhood-report pages
(tests/test_permission_matrix.py walks them; the staff triage pages are volunteers_staff_reports)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access import LOGIN, Route, page
from tests.points.factories import image_bytes
from volunteers.reports.services import report_submit


def _report_of(rider, **kwargs):
    return report_submit(
        rider=rider, category="sanitation", description="垃圾堆在路口", lat=30.6080, lng=104.1260, **kwargs
    ).report


def _riders_report(world) -> dict:
    """A report of the matrix's rider: theirs to see, staff's to triage, nobody else's."""
    return {"pk": _report_of(world.rider).pk}


def _riders_photo(world) -> dict:
    photo = SimpleUploadedFile("p.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    return {"pk": _report_of(world.rider, photos=[photo]).photos.get().pk}


def _someone_elses_report(world) -> dict:
    """Another rider's open report: the one the matrix's rider says "me too" on."""
    return {"pk": _report_of(world.other_rider).pk}


# Reporting is for riders: partners and reviewers have no rider side and are told whose page it
# is (403); the matrix's admin is a superuser, who has every permission.
RIDER = page(rider_only=True)
# "Me too" redirects back to the form with a message (the admin, too: counted).
RIDER_POST = page(rider_only=True, ok=302)
# A report and its photos: the reporter and staff who triage; a partner finds nothing.
REPORTER_OR_TRIAGE = {"anon": LOGIN, "rider": 200, "partner": 404, "reviewer": 200, "admin": 200}

ROUTES = [
    Route("volunteers:report_new", RIDER),
    Route("volunteers:report_list", RIDER),
    Route("volunteers:report_nearby", RIDER, data={"category": "sanitation", "lat": "30.6081", "lng": "104.1262"}),
    Route("volunteers:report_me_too", RIDER_POST, setup=_someone_elses_report, method="post"),
    Route("volunteers:report_detail", REPORTER_OR_TRIAGE, setup=_riders_report),
    Route("volunteers:report_photo", REPORTER_OR_TRIAGE, setup=_riders_photo),
    Route("volunteers:report_map", page(public=True)),
]
