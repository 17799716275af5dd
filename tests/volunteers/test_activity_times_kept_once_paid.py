"""This morning's crossing patrol was announced ahead (9:00–11:00 as it were: it started an hour ago
and ends in an hour), paying 10 points an hour. Two riders signed up; the first has been checked in
at the door and paid 20 points (two hours). Until now staff could still move its end while it was
under way (or its start, before it began, once check-in had opened an hour ahead; and both on one
entered after it started, until its end): the rider checked in next was paid by the new length
(a later end: more hours), the first kept what they had, and two riders who came to the same
activity were paid different hours.

Check-in pays (services.attendance_record): each rider's claim is dated by the start and, under a
per-hour rule, counts the activity's hours at that moment. So once anyone has checked in, the
start and end are kept (services.kept_fields), before, during and after the activity, announced
or entered after it started alike: drawn read-only with why beside them, in Chinese and English,
and refused by the service (the page, the API) if sent anyway. Until someone has checked in
they may still be moved, and the riders signed up are told (test_event_review_moved.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from points.models import Claim, Rule
from tests.points.factories import RuleFactory
from tests.volunteers.checkin_steps import checkin_url, verdict
from tests.volunteers.factories import ActivityFactory, SignupFactory
from tests.volunteers.test_activity_entered_after_it_started import FMT, form_data, walk_in
from tests.volunteers.test_event_review_moved import edit_form
from tests.volunteers.test_late_entered_activity_corrected_after_the_end import control
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

PAID_ZH = (
    "已有 1 名骑手按此时间签到并获得积分（积分按开始时间记日期，按小时计分的规则按时长计分），"
    "不能再更改时间：到场的骑手都按同一时间计分。"
)
PAID_EN = (
    "1 rider has checked in and been paid by this time (the points are dated by the start; a rule paid by the"
    " hour pays by the length), so it can no longer be changed: everyone who came is paid by the same time."
)


def local(moment) -> str:
    return timezone.localtime(moment).strftime(FMT)


def edit_page(staff, activity: Activity) -> tuple[str, dict]:
    """The edit page, and what the browser sends back from it: the fields still open as shown, the
    read-only ones (disabled) left out, and the hidden field naming them (if any)."""
    page = staff.get(f"/staff/activities/{activity.pk}/edit/").content.decode()
    kept = page.split('name="kept" value="', 1)[1].split('"', 1)[0] if 'name="kept"' in page else ""
    return page, {k: v for k, v in edit_form(activity).items() if k not in kept.split(",")} | {"kept": kept}


def check_in(staff, activity: Activity, rider) -> None:
    """At the check-in page: the signed-up rider's phone, checked in and paid."""
    assert verdict(staff.post(checkin_url(activity), {"code": rider.phone[3:]})) == "ok"


@pytest.fixture
def hourly(db):
    return RuleFactory(name="劝导时长", points=10, unit=Rule.Unit.HOUR, rider_claimable=False)


@pytest.fixture
def patrol(hourly, rider, other_rider):
    """Announced ahead, under way: started an hour ago, ends in an hour; both riders signed up."""
    starts = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    activity = ActivityFactory(
        title="路口劝导", rule=hourly, starts_at=starts, ends_at=starts + timedelta(hours=2), signup_deadline=starts
    )
    for who in (rider, other_rider):
        SignupFactory(activity=activity, rider=who)
    return activity


def paid(rider) -> list[int]:
    return list(Claim.objects.filter(rider=rider).values_list("points", flat=True))


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_once_a_rider_is_paid_the_times_of_an_activity_under_way_are_kept_with_why(staff, patrol, rider, lang):
    check_in(staff, patrol, rider)
    staff.cookies["django_language"] = lang

    page, sent = edit_page(staff, patrol)

    for name in ("starts_at", "ends_at"):
        assert " disabled" in control(page, name), name
    assert (PAID_ZH if lang == "zh-hans" else PAID_EN) in page
    assert set(sent["kept"].split(",")) >= {"starts_at", "ends_at"}
    assert 'data-testid="activity-past-note"' not in page  # its start is kept: nothing to enter


def test_an_end_moved_after_a_rider_was_paid_is_refused_and_the_next_rider_is_paid_the_same_hours(
    staff, patrol, rider, other_rider
):
    check_in(staff, patrol, rider)
    assert paid(rider) == [20]
    # A page opened before the first check-in, sent after it: the later end is refused, saying why.
    moved = local(patrol.ends_at + timedelta(hours=3))
    sent = edit_form(patrol, ends_at=moved)

    response = staff.post(f"/staff/activities/{patrol.pk}/edit/", sent)

    assert response.status_code == 200
    assert PAID_ZH in response.content.decode()
    assert " disabled" in control(response.content.decode(), "ends_at")  # drawn again as it is now
    saved = Activity.objects.get(pk=patrol.pk)
    assert (saved.ends_at, saved.hours) == (patrol.ends_at, 2)
    assert not Notification.objects.filter(kind="volunteers_activity_changed").exists()

    check_in(staff, patrol, other_rider)

    assert paid(other_rider) == paid(rider) == [20]


def test_a_start_moved_after_a_rider_checked_in_before_it_is_refused(staff, hourly, rider):
    """Check-in opens an hour ahead: a rider checked in at 8:30 for 9:00 is paid by 9:00–11:00."""
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=30)
    activity = ActivityFactory(rule=hourly, starts_at=starts, ends_at=starts + timedelta(hours=2))
    SignupFactory(activity=activity, rider=rider)
    check_in(staff, activity, rider)
    later = edit_form(activity, starts_at=local(starts + timedelta(hours=1)), ends_at=local(starts + timedelta(hours=4)))

    response = staff.post(f"/staff/activities/{activity.pk}/edit/", later)  # a page opened before the check-in

    assert response.status_code == 200 and PAID_ZH in response.content.decode()
    saved = Activity.objects.get(pk=activity.pk)
    assert (saved.starts_at, saved.ends_at) == (activity.starts_at, activity.ends_at)


def test_the_times_of_one_entered_after_it_started_are_kept_once_a_rider_is_paid_before_its_end(staff, hourly, rider):
    starts = timezone.now() - timedelta(hours=1)
    sent = form_data(starts, starts + timedelta(hours=3), rule=str(hourly.pk))
    assert staff.post("/staff/activities/new/", sent).status_code == 302
    activity = Activity.objects.get()
    assert activity.recorded_after_start and not activity.checkin_has_closed()
    walk_in(staff, activity, rider)

    page, _sent = edit_page(staff, activity)
    response = staff.post(
        f"/staff/activities/{activity.pk}/edit/", edit_form(activity, ends_at=local(starts + timedelta(hours=2)))
    )

    assert " disabled" in control(page, "ends_at") and PAID_ZH in page
    assert response.status_code == 200 and PAID_ZH in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).hours == 3


def test_the_api_refuses_new_times_once_a_rider_is_paid_and_still_takes_a_new_title(api_for, reviewer, staff, patrol, rider):
    check_in(staff, patrol, rider)
    api = api_for(reviewer)
    api.cookies["django_language"] = "en"

    refused = api.patch(
        f"/api/v1/activities/{patrol.pk}/", {"ends_at": (patrol.ends_at + timedelta(hours=1)).isoformat()}, format="json"
    )
    renamed = api.patch(f"/api/v1/activities/{patrol.pk}/", {"title": "路口文明劝导"}, format="json")

    assert (refused.status_code, refused.json()["code"], refused.json()["message"]) == (409, "wrong_state", PAID_EN)
    assert renamed.status_code == 200, renamed.content
    saved = Activity.objects.get(pk=patrol.pk)
    assert (saved.title, saved.ends_at) == ("路口文明劝导", patrol.ends_at)


def test_before_anyone_checks_in_the_end_of_an_activity_under_way_may_still_be_moved(staff, patrol, rider):
    page, sent = edit_page(staff, patrol)
    assert " disabled" not in control(page, "ends_at")

    response = staff.post(f"/staff/activities/{patrol.pk}/edit/", sent | {"ends_at": local(patrol.ends_at + timedelta(hours=1))})

    assert response.status_code == 302
    assert Activity.objects.get(pk=patrol.pk).hours == 3


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh-hans", "已有 2 人报名：修改地点后，将通知所有报名的骑手。"),
        ("en", "2 riders have signed up: if you change the place, they are all told."),
    ],
)
def test_once_its_times_are_kept_the_page_says_only_a_new_place_is_told(staff, patrol, rider, lang, said):
    staff.cookies["django_language"] = lang
    page, _sent = edit_page(staff, patrol)
    assert "修改时间或地点后" in page or "change the time or the place" in page  # before anyone is paid
    check_in(staff, patrol, rider)

    page, _sent = edit_page(staff, patrol)

    assert said in page
    assert "修改时间或地点后" not in page and "change the time or the place" not in page
