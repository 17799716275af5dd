"""Who may open the staff pages of the volunteers app (tests/test_permission_matrix.py
walks them): activities for those who run them (reviewers and street admins), the team,
micro-grid and party members for street admins only."""

from __future__ import annotations

from datetime import date

from tests.access import LOGIN, Route, page
from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import services
from volunteers.models import GridAppointment


def _activity(world) -> dict:
    return {"pk": ActivityFactory().pk}


def _signup(world) -> dict:
    signup = SignupFactory(rider=world.rider)
    return {"pk": signup.activity_id, "signup_pk": signup.pk}


def _team_request(world) -> dict:
    return {"pk": services.team_request(rider=world.rider).pk}


def _team_member(world) -> dict:
    membership = services.team_request(rider=world.rider)
    return {"pk": services.team_decide(actor=world.admin, membership=membership, accept=True).pk}


def _grid(world) -> dict:
    appointment = GridAppointment.objects.create(
        rider=world.rider, area="成龙路第3网格", appointed_on=date(2026, 3, 1), certificate_number="WG-M1"
    )
    return {"pk": appointment.pk}


def _another_rider(world) -> dict:
    RiderFactory(phone="+8613700000999")  # the rider the form names by phone
    return {}


def _party(world) -> dict:
    return {"pk": services.party_declare(rider=world.rider, organisation="成龙路街道党工委", consent=True).pk}


STAFF = page(staff=True)
ADMIN_ONLY = page(admin_only=True)
# Actions redirect back to the page with a message, also when the second caller finds the
# work done (a second finish, a second tick).
STAFF_POST = {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 302, "admin": 302}
ADMIN_POST = {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 403, "admin": 302}

ROUTES = [
    Route("volunteers:staff_activity_list", STAFF),
    Route("volunteers:staff_activity_new", STAFF),
    Route("volunteers:staff_activity_roster", STAFF, setup=_activity),
    Route("volunteers:staff_activity_edit", STAFF, setup=_activity),
    Route("volunteers:staff_checkin", STAFF, setup=_activity),
    Route("volunteers:staff_attendance", STAFF_POST, setup=_signup, method="post", data={"attended": "1"}),
    # Without a rider named, nobody to sign up: 404 to staff (the walk-in is tested in
    # tests/volunteers/test_admin_review.py).
    Route(
        "volunteers:staff_walk_in",
        {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 404, "admin": 404},
        setup=_activity,
        method="post",
    ),
    # Opened by address (a reload after the walk-in, a bookmark): sent to the check-in page.
    Route("volunteers:staff_walk_in", STAFF_POST, setup=_activity),
    # Finishing asks first (GET), then acts on confirm=yes; a bare POST is sent to the question.
    Route("volunteers:staff_activity_finish", STAFF, setup=_activity),
    Route("volunteers:staff_activity_finish", STAFF_POST, setup=_activity, method="post"),
    Route("volunteers:staff_activity_finish", STAFF_POST, setup=_activity, method="post", data={"confirm": "yes"}),
    Route("volunteers:staff_activity_cancel", STAFF_POST, setup=_activity, method="post", data={"reason": "暴雨预警"}),
    Route("volunteers:staff_volunteers", ADMIN_ONLY),
    Route("volunteers:staff_team_decide", ADMIN_POST, setup=_team_request, method="post", data={"decision": "accept"}),
    Route("volunteers:staff_team_remove", ADMIN_POST, setup=_team_member, method="post", data={"note": "长期未参加活动"}),
    Route(
        "volunteers:staff_grid_appoint",
        ADMIN_POST,
        setup=_another_rider,
        method="post",
        data={"phone": "13700000999", "area": "成龙路第1网格", "appointed_on": "2026-03-01", "certificate_number": "WG-M2"},
    ),
    Route("volunteers:staff_grid_end", ADMIN_POST, setup=_grid, method="post"),
    Route("volunteers:staff_party_confirm", ADMIN_POST, setup=_party, method="post"),
    Route("volunteers:staff_party_reject", ADMIN_POST, setup=_party, method="post", data={"reason": "组织名称有误"}),
]
