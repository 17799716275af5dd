"""An activity has ended and staff have not finished it yet. Its roster (and the activity list,
现场签到) still offered the check-in page after check-in had closed (two hours after the end), a
page that can only say it has closed;
and 编辑 let staff move the time or the place of an activity that is over: every rider signed
up was told of a new time for it, a later end reopened check-in, more places gave the waitlist
places in it. After the end the time and places (and the venue) stay as they were, refused by
the service in Chinese and English; the title, the description, the meeting point and its map pin
may still be corrected, telling nobody (test_late_entered_activity_corrected_after_the_end.py). The
edit form draws the time and places read-only with why (services.kept_fields), as it draws the rule
and team-only (test_staff_edit_rule_after_the_end.py). These activities were announced ahead; the
time of one entered after it started may be corrected until a rider is paid by it
(test_late_entered_activity_times_corrected.py)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from tests.volunteers.factories import ActivityFactory, SignupFactory, started
from tests.volunteers.test_event_review_moved import FMT
from tests.volunteers.test_event_review_moved import edit_form as form_data
from volunteers import errors, services
from volunteers.models import Signup

pytestmark = pytest.mark.django_db

ENDED_ZH = "活动已结束，不能再更改时间或名额：骑手的报名、签到和积分都以此为准。名称、简介、地点和地图定位仍可更正。"
ENDED_EN = (
    "This activity has ended, so its time and places can no longer be changed: riders' sign-ups, check-in and"
    " points depend on them. Its title, description, place and map pin can still be corrected."
)
VENUE_ZH = "活动已结束，不能再更改阵地：到场人数计入该阵地所在的社区。地点和地图定位仍可更正。"

DEADLINE_ZH = "活动已结束，不能再更改报名截止时间：报名在活动开始前就已截止。"
DEADLINE_EN = "This activity has ended, so its sign-up deadline can no longer be changed: sign-up closed before it began."


def ended(activity, ago: timedelta):
    """Time passes: the activity (two hours long) ended `ago`, and nobody has finished it."""
    return started(activity, ago=ago + (activity.ends_at - activity.starts_at))


# --- the check-in page button -------------------------------------------------------------------


def test_after_check_in_has_closed_the_roster_offers_no_check_in_page(client_for, reviewer, rider):
    activity = ActivityFactory()
    SignupFactory(activity=activity, rider=rider)
    ended(activity, timedelta(hours=2, minutes=1))
    staff = client_for(reviewer)

    roster = staff.get(f"/staff/activities/{activity.pk}/").content.decode()

    assert 'id="open-checkin"' not in roster
    assert 'data-testid="checkin-closed"' in roster and 'id="finish-activity"' in roster
    # An old link still opens the page: it says check-in has closed, and checks nobody in.
    page = staff.get(f"/staff/activities/{activity.pk}/checkin/").content.decode()
    assert 'data-testid="checkin-closed"' in page
    refused = staff.post(f"/staff/activities/{activity.pk}/checkin/", {"code": rider.phone}).content.decode()
    assert 'data-testid="verdict"' not in refused
    assert Signup.objects.get(rider=rider).attendance != Signup.Attendance.ATTENDED


def test_until_check_in_closes_the_roster_offers_the_check_in_page(client_for, reviewer):
    activity = ended(ActivityFactory(), timedelta(hours=1, minutes=55))

    roster = client_for(reviewer).get(f"/staff/activities/{activity.pk}/").content.decode()

    assert 'id="open-checkin"' in roster


def test_the_activity_list_offers_the_check_in_page_only_until_check_in_closes(client_for, reviewer):
    closed = ended(ActivityFactory(title="已关闭签到"), timedelta(hours=2, minutes=1))
    still_open = ended(ActivityFactory(title="仍可签到"), timedelta(hours=1, minutes=55))
    to_come = ActivityFactory(title="明天的活动", starts_at=timezone.now() + timedelta(days=1))

    page = client_for(reviewer).get("/staff/activities/").content.decode()

    def row(activity):
        start = page.index(f'data-activity-id="{activity.pk}"')
        return page[start : page.index("</li>", start)]

    assert f"/staff/activities/{closed.pk}/checkin/" not in row(closed)
    assert f'href="/staff/activities/{closed.pk}/"' in row(closed)  # its roster, which says check-in has closed
    for activity in (still_open, to_come):
        assert f'href="/staff/activities/{activity.pk}/checkin/"' in row(activity), activity.title


# --- editing after the end ----------------------------------------------------------------------


@pytest.fixture
def over(rider, activity):
    """The rider signed up; the activity (two hours long) ended an hour ago, not finished."""
    services.signup_create(rider=rider, activity=activity)
    return ended(activity, timedelta(hours=1))


def test_moving_an_ended_activity_is_refused_and_nobody_is_told(client_for, reviewer, over):
    later = timezone.localtime(over.ends_at + timedelta(hours=3))

    response = client_for(reviewer).post(
        f"/staff/activities/{over.pk}/edit/", form_data(over, ends_at=later.strftime(FMT), place="成龙大道东口")
    )

    assert response.status_code == 200
    assert ENDED_ZH in response.content.decode()
    moved = type(over).objects.get(pk=over.pk)
    assert (moved.ends_at, moved.place) == (over.ends_at, over.place)
    assert moved.checkin_has_closed(timezone.now() + timedelta(hours=1, minutes=5))  # not reopened
    assert not Notification.objects.filter(kind="volunteers_activity_changed").exists()


def test_more_places_after_the_end_are_refused(reviewer, other_rider, over):
    SignupFactory(activity=over, rider=other_rider, status=Signup.Status.WAITLISTED)

    with pytest.raises(errors.WrongState):
        services.activity_update(actor=reviewer, activity=over, capacity=over.capacity + 5)

    assert Signup.objects.get(rider=other_rider).status == Signup.Status.WAITLISTED


def test_the_service_says_why_in_english(reviewer, over):
    from django.utils import translation

    with translation.override("en"), pytest.raises(errors.WrongState) as refused:
        services.activity_update(actor=reviewer, activity=over, starts_at=over.starts_at + timedelta(days=1))

    assert refused.value.message == ENDED_EN


def test_the_api_answers_409_wrong_state(api_for, reviewer, over):
    response = api_for(reviewer).patch(
        f"/api/v1/activities/{over.pk}/",
        {"capacity": over.capacity + 5},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert (response.status_code, response.json()["code"]) == (409, "wrong_state")
    assert response.json()["message"] == ENDED_EN


def test_a_typo_in_the_description_may_still_be_corrected(client_for, reviewer, over):
    staff = client_for(reviewer)
    form = staff.get(f"/staff/activities/{over.pk}/edit/").content.decode()
    assert ENDED_ZH in form  # said before saving, where "riders are told of a new time" was
    assert 'data-testid="signed-up-told"' not in form

    response = staff.post(f"/staff/activities/{over.pk}/edit/", form_data(over, description="集合点：路口东南角"))

    assert response.status_code == 302
    over.refresh_from_db()
    assert over.description == "集合点：路口东南角"
    assert not Notification.objects.filter(kind="volunteers_activity_changed").exists()


def test_before_the_end_the_time_may_still_be_moved(reviewer, rider, activity):
    services.signup_create(rider=rider, activity=activity)

    moved = services.activity_update(actor=reviewer, activity=activity, starts_at=activity.starts_at + timedelta(hours=1))

    assert moved.told == 1


def test_the_form_shows_the_time_and_places_read_only_with_why_and_saves_the_title(client_for, reviewer, over):
    """Drawn as the rule and team-only are (services.kept_fields): not offered, with why, said
    once in each part of the form; the words, the meeting point and its pin stay editable."""
    staff = client_for(reviewer)

    page = staff.get(f"/staff/activities/{over.pk}/edit/").content.decode()

    def control(name):
        start = page.index(f'id="id_{name}"')
        return page[page.rindex("<", 0, start) : page.index(">", start)]

    for name in ("starts_at", "ends_at", "signup_deadline", "capacity", "venue"):
        assert " disabled" in control(name), name
    for name in ("title", "description", "place", "lat", "lng"):
        assert " disabled" not in control(name), name
    assert page.count(ENDED_ZH) == 1  # under 时间; the other fields there point to it
    assert DEADLINE_ZH in page and VENUE_ZH in page
    assert 'aria-describedby="id_starts_at_helptext"' in control("capacity")
    for name in ("place", "lat", "lng"):
        assert 'aria-describedby="id_venue_helptext"' not in control(name), name
    assert 'data-testid="signed-up-told"' not in page
    # A disabled control is never sent: the browser posts the rest, and the fields the page drew read-only.
    kept = page.split('name="kept" value="', 1)[1].split('"', 1)[0]
    assert set(kept.split(",")) == {"starts_at", "ends_at", "signup_deadline", "capacity", "venue", "team_only"}
    drawn = set(kept.split(","))
    data = {k: v for k, v in form_data(over, title="成龙路清洁（补记）").items() if k not in drawn} | {"kept": kept}

    response = staff.post(f"/staff/activities/{over.pk}/edit/", data)

    assert response.status_code == 302
    saved = type(over).objects.get(pk=over.pk)
    assert (saved.title, saved.starts_at, saved.ends_at, saved.place, saved.capacity) == (
        "成龙路清洁（补记）",
        over.starts_at,
        over.ends_at,
        over.place,
        over.capacity,
    )
    assert not Notification.objects.filter(kind="volunteers_activity_changed").exists()


def test_the_service_keeps_them_as_it_keeps_team_only(over):
    kept = services.kept_fields(over)

    for name in ("starts_at", "ends_at", "capacity"):
        assert kept.get(name) == services.ended_not_moved(), name
    assert "venue" in kept
    for name in ("title", "description", "place", "lat", "lng"):
        assert name not in kept, name


# --- the sign-up deadline (the map pin: test_late_entered_activity_corrected_after_the_end.py) ----


def test_after_the_end_the_sign_up_deadline_is_kept_saying_why_in_english(reviewer, over):
    from django.utils import translation

    with translation.override("en"), pytest.raises(errors.WrongState) as refused:
        services.activity_update(actor=reviewer, activity=over, signup_deadline=over.signup_deadline - timedelta(hours=1))

    assert refused.value.message == DEADLINE_EN
    assert type(over).objects.get(pk=over.pk).signup_deadline == over.signup_deadline


def test_before_the_end_the_pin_and_the_deadline_may_still_be_changed(reviewer, activity):
    changed = services.activity_update(
        actor=reviewer,
        activity=activity,
        lat=Decimal("30.657800"),
        lng=Decimal("104.081200"),
        signup_deadline=activity.signup_deadline - timedelta(minutes=5),
    )

    assert (changed.lat, changed.lng) == (Decimal("30.657800"), Decimal("104.081200"))
    assert services.kept_fields(changed) == {}


# --- a page opened before the end, saved after it -------------------------------------------------


def test_a_page_opened_before_the_end_comes_back_read_only_with_what_was_typed(client_for, reviewer, over):
    """Staff opened 编辑 while the activity was on, moved the end and corrected the title and the
    description, and saved after the end: refused, the page comes back as it is drawn now (the
    time read-only with why, showing what it is) with the new words kept; saved again, the words
    are."""
    staff = client_for(reviewer)
    later = timezone.localtime(over.ends_at + timedelta(hours=1)).strftime(FMT)
    typed = form_data(over, title="成龙路清洁（补记）", description="集合点：路口东南角", ends_at=later)

    response = staff.post(f"/staff/activities/{over.pk}/edit/", typed)  # no "kept": drawn before the end

    assert response.status_code == 200
    page = response.content.decode()

    def control(name):
        start = page.index(f'id="id_{name}"')
        return page[page.rindex("<", 0, start) : page.index(">", start)]

    for name in ("starts_at", "ends_at", "signup_deadline", "capacity", "venue"):
        assert " disabled" in control(name), name
    assert 'value="成龙路清洁（补记）"' in control("title") and " disabled" not in control("title")
    assert "集合点：路口东南角</textarea>" in page
    assert f'value="{later}"' not in control("ends_at")  # the end as it is, not the refused one
    assert f'value="{timezone.localtime(over.ends_at).strftime(FMT)}' in control("ends_at")
    assert page.count(ENDED_ZH) == 2  # why it was refused, on top; then under 时间
    kept = page.split('name="kept" value="', 1)[1].split('"', 1)[0]
    assert {"starts_at", "ends_at", "venue"} <= set(kept.split(","))

    # Saved again as the browser sends the page that came back: the words are saved, the time kept.
    drawn = set(kept.split(","))
    again = {k: v for k, v in typed.items() if k not in drawn} | {"kept": kept}
    assert staff.post(f"/staff/activities/{over.pk}/edit/", again).status_code == 302
    saved = type(over).objects.get(pk=over.pk)
    assert (saved.title, saved.description, saved.ends_at) == ("成龙路清洁（补记）", "集合点：路口东南角", over.ends_at)
