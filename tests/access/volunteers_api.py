"""Who may call the volunteers API (tests/test_permission_matrix.py walks it)."""

from __future__ import annotations

from tests.access import Route, api
from tests.volunteers.factories import ActivityFactory, SignupFactory, started
from volunteers.models import Activity


def _activity(world) -> dict:
    return {"pk": ActivityFactory().pk}


def _started(world) -> dict:
    return {"pk": started(ActivityFactory()).pk}


def _draft(world) -> dict:
    return {"pk": ActivityFactory(state=Activity.State.DRAFT).pk}


def _signed_up(world) -> dict:
    return {"pk": SignupFactory(rider=world.rider).activity_id}


# Riders sign up and cancel; partners and reviewers have no join permission and are told it is for
# riders (rider_only); the superuser admin may, and has no sign-up to cancel (409 not_signed_up).
CANCEL_SIGNUP = {**api(rider_only=True), "admin": 409}
# A rider's check-in code: partners and reviewers are told it is for riders (rider_only), as on
# every rider's endpoint; the superuser admin passes and has no sign-up (404).
MY_CHECKIN = {**api(rider_only=True), "admin": 404}
SIGNUP = api(rider_only=True, ok=201)
# The reviewer finishes or cancels first; the admin then finds it done (409 wrong_state).
STAFF_ONCE = {"anon": 401, "rider": 403, "partner": 403, "reviewer": 200, "admin": 409}
DRAFT = {"anon": 404, "rider": 404, "partner": 404, "reviewer": 200, "admin": 200}
RECORD = api(rider_only=True)

ROUTES = [
    Route("volunteers_api:activity_list", api(public=True)),
    # Staff pass the permission check and reach the input's (an empty body: 400); creating one
    # is tested in tests/volunteers/test_api.py.
    Route("volunteers_api:activity_list", api(staff=True, ok=400), method="post"),
    Route("volunteers_api:activity_detail", api(public=True), setup=_activity),
    Route("volunteers_api:activity_detail", DRAFT, setup=_draft),
    Route("volunteers_api:activity_signup", SIGNUP, setup=_activity, method="post"),
    Route("volunteers_api:activity_cancel_signup", CANCEL_SIGNUP, setup=_signed_up, method="post"),
    Route("volunteers_api:activity_my_checkin", MY_CHECKIN, setup=_signed_up),
    Route("volunteers_api:activity_my_checkin_qr", MY_CHECKIN, setup=_signed_up),
    Route(
        "volunteers_api:activity_checkin",
        api(staff=True),
        setup=_activity,
        method="post",
        data={"phone": "13800000000"},
    ),
    Route("volunteers_api:activity_finish", STAFF_ONCE, setup=_started, method="post"),
    Route("volunteers_api:activity_cancel", STAFF_ONCE, setup=_activity, method="post", data={"reason": "暴雨"}),
    Route("volunteers_api:me_volunteer_record", RECORD),
]
