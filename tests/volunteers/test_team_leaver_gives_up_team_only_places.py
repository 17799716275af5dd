"""A rider leaves the 帮帮龘 team, or staff take them off it: they may no longer sign up for the
team's own activities (signup_create refuses them), so the places and waitlist spots they hold
at team-only activities still to come are given up too, and go to the next member waiting. They
are told which. The waitlist passes over a rider no longer in the team, and staff at the door
cannot check one in by their QR code: refused as a walk-in is. Activities open to every rider
keep them."""

from __future__ import annotations

import pytest

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from tests.factories import RiderFactory
from tests.volunteers.checkin_steps import checkin_url
from tests.volunteers.factories import ActivityFactory
from volunteers import errors, services
from volunteers.models import Signup, TeamMembership

pytestmark = pytest.mark.django_db

REASON = "连续三个月未参加活动"


def join(rider, street_admin) -> TeamMembership:
    return services.team_decide(actor=street_admin, membership=services.team_request(rider=rider), accept=True)


def status(rider, activity) -> str:
    return Signup.objects.get(rider=rider, activity=activity).status


@pytest.fixture
def visit(street_admin):
    """看望静康社区独居老人, team only: 1 place, held by a member; 2 members waiting."""
    activity = ActivityFactory(title="看望静康社区独居老人", capacity=1, team_only=True)
    members = RiderFactory.create_batch(3)
    for m in members:
        join(m, street_admin)
        services.signup_create(rider=m, activity=activity)
    return activity, members


def test_a_removed_members_place_goes_to_the_next_member_and_they_are_told_which(visit, street_admin):
    activity, (holder, first_waiting, _second) = visit
    open_to_all = ActivityFactory(title="成龙路街道清洁")
    services.signup_create(rider=holder, activity=open_to_all)

    services.team_remove(actor=street_admin, membership=holder.team_membership, note=REASON)

    assert status(holder, activity) == Signup.Status.CANCELLED
    assert status(first_waiting, activity) == Signup.Status.REGISTERED
    assert status(holder, open_to_all) == Signup.Status.REGISTERED
    [notice] = Notification.objects.filter(recipient=holder, kind="volunteers_team_removed")
    assert "看望静康社区独居老人" in notice.body and REASON in notice.body
    assert "成龙路街道清洁" not in notice.body
    entry = AuditEntry.objects.get(action="volunteers.signup_cancelled")
    assert entry.actor == street_admin and entry.data["because"] == "team_removed"


def test_a_removed_member_on_the_waitlist_is_not_moved_up(visit, street_admin):
    activity, (holder, first_waiting, second_waiting) = visit
    services.team_remove(actor=street_admin, membership=first_waiting.team_membership, note=REASON)

    services.signup_cancel(rider=holder, activity=activity)

    assert status(first_waiting, activity) == Signup.Status.CANCELLED
    assert status(second_waiting, activity) == Signup.Status.REGISTERED


def test_the_waitlist_passes_over_a_rider_no_longer_in_the_team(visit):
    """Left the team by a way that gave up nothing (a membership changed by hand): still passed over."""
    activity, (holder, first_waiting, second_waiting) = visit
    TeamMembership.objects.filter(rider=first_waiting).update(status=TeamMembership.Status.LEFT)

    services.signup_cancel(rider=holder, activity=activity)

    assert status(first_waiting, activity) == Signup.Status.WAITLISTED
    assert status(second_waiting, activity) == Signup.Status.REGISTERED


def test_a_rider_leaving_is_asked_then_told_which_places_they_gave_up(visit, client_for):
    activity, (holder, first_waiting, _second) = visit
    rider_page = client_for(holder)
    rider_page.cookies["django_language"] = "en"

    question = rider_page.get("/profile/team/leave/").content.decode()
    assert "Your place at 1 team-only activity still to come is given up; it goes to the next member waiting." in question
    assert "waitlist spot" not in question

    response = rider_page.post("/profile/team/leave/", {"confirm": "yes"}, follow=True)

    [message] = [str(m) for m in response.context["messages"]]
    assert "You have left the volunteer team." in message
    assert (
        "Your place at this team-only activity still to come was given up to the next member waiting: “看望静康社区独居老人”"
        in message
    )
    assert status(holder, activity) == Signup.Status.CANCELLED
    assert status(first_waiting, activity) == Signup.Status.REGISTERED
    assert AuditEntry.objects.get(action="volunteers.signup_cancelled").data["because"] == "team_left"


def test_leaving_in_chinese(visit, client_for):
    _activity, (holder, _first, _second) = visit

    response = client_for(holder).post("/profile/team/leave/", {"confirm": "yes"}, follow=True)

    [message] = [str(m) for m in response.context["messages"]]
    # Their place was given up, not the activity; "以下" holds for one activity or several.
    assert "您在以下仅限志愿队队员、尚未开始的活动中的名额已让给候补的队员：“看望静康社区独居老人”" in message


def test_a_rider_only_waiting_is_told_their_waitlist_spot_is_cancelled_not_given_to_anyone(visit, client_for):
    """A waitlist spot is no place to hand on: the question and the message say it is cancelled."""
    _activity, (_holder, first_waiting, _second) = visit
    rider_page = client_for(first_waiting)
    rider_page.cookies["django_language"] = "en"

    question = rider_page.get("/profile/team/leave/").content.decode()
    message = str(*rider_page.post("/profile/team/leave/", {"confirm": "yes"}, follow=True).context["messages"])

    assert "Your waitlist spot at 1 team-only activity still to come is cancelled." in question
    assert "Your waitlist spot for this team-only activity still to come was cancelled: “看望静康社区独居老人”" in message
    assert "member waiting" not in question + message


def test_a_rider_holding_places_and_spots_is_told_each_in_chinese(visit, client_for, street_admin):
    _activity, (holder, first_waiting, _second) = visit
    cleaning = ActivityFactory(title="队员清扫跃进路", team_only=True)
    services.signup_create(rider=first_waiting, activity=cleaning)
    rider_page = client_for(first_waiting)

    question = rider_page.get("/profile/team/leave/").content.decode()

    assert "您在 1 项仅限志愿队队员、尚未开始的活动中的名额将让出，依次给候补的队员。" in question
    assert "您在 1 项仅限志愿队队员、尚未开始的活动中的候补位置将被取消。" in question

    services.team_remove(actor=street_admin, membership=first_waiting.team_membership, note=REASON)

    [notice] = Notification.objects.filter(recipient=first_waiting, kind="volunteers_team_removed")
    assert "名额已让给候补的队员：“队员清扫跃进路”" in notice.body
    assert "候补位置已取消：“看望静康社区独居老人”" in notice.body


def test_a_removed_member_holding_a_place_is_refused_at_check_in_by_qr(street_admin, reviewer, staff):
    activity = ActivityFactory(capacity=5, team_only=True)
    rider = RiderFactory()
    join(rider, street_admin)
    signup = services.signup_create(rider=rider, activity=activity).signup
    # Taken off without giving up (a membership changed by hand, or the activity under way).
    TeamMembership.objects.filter(rider=rider).update(status=TeamMembership.Status.LEFT)

    with pytest.raises(errors.TeamOnly):
        services.checkin(actor=reviewer, activity=activity, token=services.checkin_token(signup))
    html = staff.post(checkin_url(activity), {"code": services.checkin_token(signup)}).content.decode()

    assert "这个活动仅限“帮帮龘”志愿队队员参加。" in html
    signup.refresh_from_db()
    assert signup.attendance == Signup.Attendance.UNKNOWN
