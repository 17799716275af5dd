"""Who may open the riders' and public pages of the volunteers app
(tests/test_permission_matrix.py walks them)."""

from __future__ import annotations

from datetime import date

from tests.access import Route, page
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.models import GridAppointment
from volunteers.selectors import profile_of


def _activity(world) -> dict:
    return {"pk": ActivityFactory().pk}


def _signed_up(world) -> dict:
    """An activity the matrix's rider is registered for (their check-in QR exists)."""
    return {"pk": SignupFactory(rider=world.rider).activity_id}


def _grid_member(world) -> dict:
    GridAppointment.objects.create(
        rider=world.rider, area="成龙路第3网格", appointed_on=date(2026, 3, 1), certificate_number="WG-9"
    )
    return {}


def _code(world) -> dict:
    """The code of an issued record: one with something to certify (here an appointment;
    the demo's rider 1 holds one already)."""
    if not GridAppointment.objects.filter(rider=world.rider).exists():
        _grid_member(world)
    return {"code": profile_of(world.rider).record_code}


# Pages of riders only: partners and reviewers have no volunteer side and are told whose page
# it is (403); the matrix's admin is a superuser, who has every permission.
RIDER = page(rider_only=True)
# A rider's actions redirect back to the page, with a message (also when refused, as the
# admin's sign-up: not verified as a rider).
RIDER_POST = page(rider_only=True, ok=302)
# Only the registered rider has a check-in QR or a certificate; the admin, allowed but not
# registered or appointed, finds nothing.
OWN = {**RIDER, "admin": 404}

ROUTES = [
    Route("volunteers:activity_list", page(public=True)),
    Route("volunteers:activity_detail", page(public=True), setup=_activity),
    Route("volunteers:activity_ics", page(public=True), setup=_activity),
    Route("volunteers:activity_signup", RIDER_POST, setup=_activity, method="post"),
    Route("volunteers:activity_cancel_signup", RIDER_POST, setup=_signed_up, method="post"),
    Route("volunteers:profile_edit", RIDER),
    Route("volunteers:team_request", RIDER_POST, method="post"),
    Route("volunteers:team_leave", RIDER_POST, method="post"),
    Route("volunteers:party_declare", RIDER),
    Route("volunteers:party_withdraw", RIDER_POST, method="post"),
    Route("volunteers:record", RIDER),
    Route("volunteers:grid_certificate", OWN, setup=_grid_member),
    Route("volunteers:verify", page(public=True), setup=_code),
]
