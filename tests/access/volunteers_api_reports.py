"""Who may call the API of neighbourhood reports, the public texts and the partners' wall
(tests/test_permission_matrix.py walks it)."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access import Route, api
from tests.factories import RiderFactory
from tests.points.factories import image_bytes
from tests.venues.factories import CommunityFactory, VenueFactory
from volunteers.models import PublicText, Report, ReportUpdate, SignatoryParty, Signature, TextKind
from volunteers.reports.services import report_submit


def _report_of(reporter, **place) -> dict:
    place = place or {"address": "成龙路168号"}
    report = Report.objects.create(reporter=reporter, category="sanitation", description="垃圾堆", **place)
    ReportUpdate.objects.create(report=report, status=Report.Status.SUBMITTED, author=reporter)
    return {"pk": report.pk}


def _riders_report(world) -> dict:
    return _report_of(world.rider)


def _riders_photo(world) -> dict:
    photo = SimpleUploadedFile("p.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    report = report_submit(
        rider=world.rider, category="sanitation", description="垃圾堆了三天", address="成龙路168号", photos=[photo]
    )
    return {"pk": report.report.pk, "photo_pk": report.report.photos.get().pk}


def _another_riders_report(world) -> dict:
    """Open and pinned: the nearby list shows it to every rider, who may say "me too" on it."""
    return _report_of(RiderFactory(), lat=30.6080, lng=104.1260)


def _convention(world) -> dict:
    text = PublicText.objects.create(
        kind=TextKind.CONVENTION, title="三方公约", body="正文", issued_on=date(2026, 3, 1), issuer="街道", published=True
    )
    return {"pk": text.pk}


def _convention_and_a_station(world) -> dict:
    """The partner operates 望平社区's community station, so they sign for that community."""
    VenueFactory(community=CommunityFactory(name="望平社区")).operators.add(world.partner)
    return _convention(world)


def _signed_by_the_rider(world) -> dict:
    kwargs = _convention(world)
    Signature.objects.create(text_id=kwargs["pk"], signer=world.rider, party=SignatoryParty.COURIER)
    return kwargs


# Riders report (and the superuser admin); partners and reviewers have no volunteers.submit_report
# and are told it is for riders (rider_only).
REPORTERS = api(rider_only=True)
REPORT = api(rider_only=True, ok=201)
# The rider's own report: theirs and staff's who triage; a partner's 404.
OWN_REPORT = {"anon": 401, "rider": 200, "partner": 404, "reviewer": 200, "admin": 200}
# The reviewer accepts first; the admin then finds it accepted (409 invalid_transition).
TRANSITION = {"anon": 401, "rider": 403, "partner": 403, "reviewer": 200, "admin": 409}
# Each signs for their own party (texts.selectors.signing_rights): riders as couriers, the partner
# for the community whose station they operate, the superuser for any; a reviewer (the street
# office) is no party to the convention: 403 not_entitled.
SIGN = {"anon": 401, "rider": 201, "partner": 201, "reviewer": 403, "admin": 201}
# Only the rider has a signature to withdraw; the others are told they have none.
UNSIGN = {"anon": 401, "rider": 200, "partner": 409, "reviewer": 409, "admin": 409}

ROUTES = [
    # A rider's own reports; staff who triage get the triage list; a partner operator has none.
    Route("volunteers_api:report_list", {**api(rider_only=True), "reviewer": 200}),
    Route(
        "volunteers_api:report_list",
        REPORT,
        method="post",
        data={"category": "sanitation", "description": "垃圾堆满了", "address": "望平街12号"},
    ),
    Route(
        "volunteers_api:report_nearby",
        REPORTERS,
        data={"lat": "30.6578", "lng": "104.0812", "category": "fire_lane"},
    ),
    Route("volunteers_api:report_detail", OWN_REPORT, setup=_riders_report),
    Route("volunteers_api:report_photo", OWN_REPORT, setup=_riders_photo),
    Route("volunteers_api:report_me_too", REPORT, setup=_another_riders_report, method="post"),
    Route("volunteers_api:report_transition", TRANSITION, setup=_riders_report, method="post", data={"status": "accepted"}),
    Route("volunteers_api:text_list", api(public=True)),
    Route("volunteers_api:text_detail", api(public=True), setup=_convention),
    Route(
        "volunteers_api:text_sign",
        SIGN,
        setup=_convention_and_a_station,
        method="post",
        data={"party": "community", "organisation": "望平社区"},
    ),
    Route("volunteers_api:text_sign", UNSIGN, setup=_signed_by_the_rider, method="delete"),
    Route("venues_api:partner_list", api(public=True)),
]
