"""Review of activities, the times: a new activity (or a moved or newly published one) must
start in the future, or no more than 7 days ago when staff enter it after the fact (see
test_activity_entered_after_it_started.py); a published one is never moved into the past;
check-in, and with it paying for attendance, closes two hours after the
end, which the roster and the check-in page say; a rider is marked 缺席 only once the activity
has started, and the button asks first."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from points.models import Claim
from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory, attendance_rule, started
from volunteers.models import Activity, Signup

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%dT%H:%M"
PASSED = "开始时间已经过了，请选择以后的时间。"
# More than 30 days ago (the claim window): nothing can earn points for it any more.
TOO_OLD_FOR_POINTS = (
    "这个开始时间已过去超过 7 天：活动只能在开始后 7 天内补录，"
    "积分申请也只能在事情发生后 30 天内提交，所以这次活动已无法再获得积分。"
)
# More than 7 days ago, within the claim window: riders claim their points themselves.
TOO_OLD = (
    "这个开始时间已过去超过 7 天：活动只能在开始后 7 天内补录。到场的骑手仍可自己提交积分申请（活动后 30 天内），由审核员核实。"
)


def form_data(starts, **overrides) -> dict:
    local = timezone.localtime(starts)
    return {
        "title": "过期日期测试",
        "description": "",
        "category": "civility",
        "venue": "",
        "place": "成龙大道二段路口",
        "lat": "",
        "lng": "",
        "starts_at": local.strftime(FMT),
        "ends_at": (local + timedelta(hours=2)).strftime(FMT),
        "capacity": "5",
        "signup_deadline": (local - timedelta(days=1)).strftime(FMT),
        "rule": str(attendance_rule().pk),
        "state": "published",
        **overrides,
    }


# --- a start in the past ------------------------------------------------------------------------


def test_a_new_activity_long_past_is_refused_on_its_start(client_for, street_admin):
    month_ago = timezone.now() - timedelta(days=35)

    response = client_for(street_admin).post("/staff/activities/new/", form_data(month_ago))

    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"] == [TOO_OLD_FOR_POINTS]
    assert not Activity.objects.exists()


def test_the_api_refuses_it_too(api_for, street_admin):
    month_ago = timezone.now() - timedelta(days=35)
    body = {
        "title": "过期日期测试",
        "category": "civility",
        "place": "成龙大道二段路口",
        "starts_at": month_ago.isoformat(),
        "ends_at": (month_ago + timedelta(hours=2)).isoformat(),
        "capacity": 5,
        "signup_deadline": (month_ago - timedelta(days=1)).isoformat(),
        "rule": attendance_rule().pk,
    }

    response = api_for(street_admin).post("/api/v1/activities/", body, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"starts_at": [TOO_OLD_FOR_POINTS]}


def test_a_draft_whose_start_is_over_a_week_ago_is_not_published(client_for, street_admin):
    draft = ActivityFactory(title="过期日期测试", state=Activity.State.DRAFT)
    started(draft, ago=timedelta(days=10))

    response = client_for(street_admin).post(f"/staff/activities/{draft.pk}/edit/", form_data(draft.starts_at))

    assert response.context["form"].errors["starts_at"] == [TOO_OLD]
    draft.refresh_from_db()
    assert draft.state == Activity.State.DRAFT


def test_a_published_activity_is_not_moved_into_the_past(client_for, street_admin):
    activity = ActivityFactory(title="过期日期测试")
    yesterday = timezone.now() - timedelta(days=1)

    response = client_for(street_admin).post(
        f"/staff/activities/{activity.pk}/edit/",
        form_data(yesterday, signup_deadline=timezone.localtime(yesterday - timedelta(hours=1)).strftime(FMT)),
    )

    assert response.context["form"].errors["starts_at"] == [PASSED]
    activity.refresh_from_db()
    assert activity.starts_at > timezone.now()


def test_an_activity_under_way_can_still_be_edited(client_for, street_admin):
    activity = started(ActivityFactory(title="过期日期测试"))

    response = client_for(street_admin).post(
        f"/staff/activities/{activity.pk}/edit/",
        form_data(
            activity.starts_at,
            ends_at=timezone.localtime(activity.ends_at).strftime(FMT),
            signup_deadline=timezone.localtime(activity.signup_deadline).strftime(FMT),
            description="集合点改到路口东南角",
        ),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.description == "集合点改到路口东南角"


# --- a sign-up deadline that has passed ---------------------------------------------------------

CLOSED = "报名截止时间已经过了，骑手将无法报名：请选择以后的时间。"


def test_an_activity_is_not_announced_with_its_sign_up_already_closed(client_for, api_for, street_admin):
    in_three_days = timezone.now() + timedelta(days=3)
    yesterday = timezone.localtime() - timedelta(days=1)
    data = form_data(in_three_days, signup_deadline=yesterday.strftime(FMT))

    response = client_for(street_admin).post("/staff/activities/new/", data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"signup_deadline": [CLOSED]}
    body = {
        **{name: data[name] for name in ("title", "category", "place", "capacity", "rule", "state")},
        "starts_at": in_three_days.isoformat(),
        "ends_at": (in_three_days + timedelta(hours=2)).isoformat(),
        "signup_deadline": yesterday.isoformat(),
    }
    refused = api_for(street_admin).post("/api/v1/activities/", body, format="json")
    assert (refused.status_code, refused.json()["fields"]) == (400, {"signup_deadline": [CLOSED]})
    assert not Activity.objects.exists()


def test_a_draft_may_wait_with_a_passed_deadline_but_is_not_published_with_it(client_for, street_admin):
    in_three_days = timezone.now() + timedelta(days=3)
    yesterday = (timezone.localtime() - timedelta(days=1)).strftime(FMT)
    client = client_for(street_admin)

    assert (
        client.post("/staff/activities/new/", form_data(in_three_days, signup_deadline=yesterday, state="draft")).status_code
        == 302
    )
    draft = Activity.objects.get()
    published = client.post(f"/staff/activities/{draft.pk}/edit/", form_data(in_three_days, signup_deadline=yesterday))

    assert published.context["form"].errors == {"signup_deadline": [CLOSED]}
    draft.refresh_from_db()
    assert draft.state == Activity.State.DRAFT


def test_staff_may_close_the_sign_up_of_a_published_activity_early(client_for, street_admin):
    activity = ActivityFactory(title="过期日期测试", starts_at=timezone.now() + timedelta(days=3))
    an_hour_ago = timezone.localtime() - timedelta(hours=1)
    data = form_data(
        activity.starts_at,
        ends_at=timezone.localtime(activity.ends_at).strftime(FMT),
        signup_deadline=an_hour_ago.strftime(FMT),
    )

    assert client_for(street_admin).post(f"/staff/activities/{activity.pk}/edit/", data).status_code == 302
    activity.refresh_from_db()
    assert activity.signup_deadline == an_hour_ago.replace(second=0, microsecond=0)


# --- a year typed wrong, a pin off the Earth ----------------------------------------------------


@pytest.mark.parametrize(
    "field, typed",
    # Year 1 in Beijing time is before year 1 in UTC: the database could not store it (a 500).
    [("signup_deadline", "0001-01-01T00:00"), ("ends_at", "9999-12-31T23:59"), ("starts_at", "1999-12-31T09:00")],
)
def test_a_year_typed_wrong_is_refused_by_its_field(client_for, street_admin, field, typed):
    data = form_data(timezone.now() + timedelta(days=3), **{field: typed})

    response = client_for(street_admin).post("/staff/activities/new/", data)

    assert response.status_code == 200
    assert response.context["form"].errors == {field: ["请输入 2000 年至 2099 年之间的日期。"]}
    assert not Activity.objects.exists()


def test_a_pin_off_the_earth_is_refused(client_for, street_admin):
    data = form_data(timezone.now() + timedelta(days=3), lat="200", lng="-500")

    response = client_for(street_admin).post("/staff/activities/new/", data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"lat": ["这不是地球上的位置。"], "lng": ["这不是地球上的位置。"]}
    assert not Activity.objects.exists()


# --- check-in closes two hours after the end ----------------------------------------------------


def ended(activity: Activity, ago: timedelta) -> Activity:
    """Time passes: the activity (two hours long) ended `ago`, and nobody has finished it."""
    return started(activity, ago=ago + (activity.ends_at - activity.starts_at))


def test_check_in_closes_two_hours_after_the_end_and_the_pages_say_so(client_for, api_for, reviewer, rider):
    activity = ActivityFactory(title="成龙路口早高峰秩序引导")
    signup = SignupFactory(activity=activity, rider=rider)
    walk_in = RiderFactory()
    ended(activity, timedelta(hours=2, minutes=1))
    staff = client_for(reviewer)

    checkin = staff.post(f"/staff/activities/{activity.pk}/checkin/", {"code": rider.phone[3:]}).content.decode()
    closes = timezone.localtime(activity.ends_at + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    assert f"签到已于 {closes} 截止（活动结束 2 小时后）。" in checkin
    assert 'data-testid="verdict"' not in checkin
    api = api_for(reviewer).post(f"/api/v1/activities/{activity.pk}/checkin/", {"phone": rider.phone}, format="json")
    assert (api.status_code, api.json()["code"]) == (409, "checkin_closed")
    staff.post(f"/staff/activities/{activity.pk}/walk-in/", {"rider": walk_in.pk, "over_capacity": "1"})
    staff.post(f"/staff/activities/{activity.pk}/attendance/{signup.pk}/", {"attended": "1"})
    assert not Claim.objects.exists()
    assert not Signup.objects.filter(rider=walk_in).exists()

    roster = staff.get(f"/staff/activities/{activity.pk}/").content.decode()
    assert re.search(
        r'data-testid="checkin-closed">签到已于 [0-9: -]+ 截止（活动结束 2 小时后）。请结束活动，关闭签到名单。<', roster
    )
    assert 'data-testid="tick-attended"' not in roster
    assert 'data-testid="mark-no-show"' in roster  # no-shows can still be marked before finishing
    assert 'id="finish-activity"' in roster
    page = staff.get(f"/staff/activities/{activity.pk}/checkin/").content.decode()
    assert 'data-testid="checkin-closed"' in page


def test_just_before_it_closes_the_last_rider_is_still_checked_in(client_for, reviewer, rider):
    activity = ActivityFactory()
    SignupFactory(activity=activity, rider=rider)
    ended(activity, timedelta(hours=1, minutes=55))

    html = client_for(reviewer).post(f"/staff/activities/{activity.pk}/checkin/", {"code": rider.phone[3:]}).content.decode()

    assert 'data-result="ok"' in html
    assert Claim.objects.filter(rider=rider).count() == 1


# --- 缺席 only once it has started ----------------------------------------------------------------


def test_nobody_is_marked_absent_before_the_start(client_for, reviewer, rider):
    activity = ActivityFactory()  # starts in half an hour: check-in is open
    signup = SignupFactory(activity=activity, rider=rider)
    staff = client_for(reviewer)

    roster = staff.get(f"/staff/activities/{activity.pk}/").content.decode()
    response = staff.post(f"/staff/activities/{activity.pk}/attendance/{signup.pk}/", {"attended": "0"}, follow=True)

    assert 'data-testid="mark-no-show"' not in roster and 'data-testid="tick-attended"' in roster
    assert "活动还没有开始，开始后才能记为缺席。" in response.content.decode()
    signup.refresh_from_db()
    assert signup.attendance == Signup.Attendance.UNKNOWN


def test_once_started_the_no_show_button_asks_and_marks(client_for, reviewer, rider):
    activity = started(ActivityFactory())
    signup = SignupFactory(activity=activity, rider=rider)
    staff = client_for(reviewer)

    roster = staff.get(f"/staff/activities/{activity.pk}/").content.decode()
    forms = re.findall(r'<form method="post" action="/staff/activities/\d+/attendance/\d+/"[^>]*>.*?</form>', roster, re.S)
    no_show = next(form for form in forms if 'data-testid="mark-no-show"' in form)
    assert f'data-confirm="将{rider.masked_name}记为缺席？缺席不得积分；如果之后到场，仍可签到。"' in no_show

    staff.post(f"/staff/activities/{activity.pk}/attendance/{signup.pk}/", {"attended": "0"})
    signup.refresh_from_db()
    assert signup.attendance == Signup.Attendance.NO_SHOW
