"""Staff enter an activity after it started (forgotten beforehand, or set up on the day) to
record who came: up to 7 days after its start (services.activity_check). Riders who came are
signed up at check-in and paid as at any activity; nobody can sign up for it and nobody is
reminded of it; the form says so as the start is typed. Further back, the refusal says what to
do instead (a claim of their own)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from points.models import Claim
from points.selectors import balance_of
from tests.volunteers.checkin_steps import checkin_url, verdict
from tests.volunteers.factories import attendance_rule
from volunteers import errors, services
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%dT%H:%M"
TOO_OLD = {
    "zh-hans": "这个开始时间已过去超过 7 天：活动只能在开始后 7 天内补录。到场的骑手仍可自己提交积分申请"
    "（活动后 30 天内），由审核员核实。",
    "en": "This start is more than 7 days ago: an activity can be entered afterwards only within 7 days of its"
    " start. Riders who came can still ask for their points with a claim of their own (within 30 days of the"
    " activity), which a reviewer checks.",
}


def form_data(starts, ends, **overrides) -> dict:
    return {
        "title": "补录的路口劝导",
        "description": "",
        "category": "civility",
        "venue": "",
        "place": "成龙大道二段路口",
        "lat": "",
        "lng": "",
        "starts_at": timezone.localtime(starts).strftime(FMT),
        "ends_at": timezone.localtime(ends).strftime(FMT),
        "capacity": "10",
        "signup_deadline": "",  # left empty: it has started
        "rule": str(attendance_rule().pk),
        "state": "published",
        **overrides,
    }


def walk_in(staff, activity: Activity, rider) -> str:
    """At the check-in page: the rider's phone, then 现场报名并签到 (they could not sign up).
    What the page then said."""
    offered = staff.post(checkin_url(activity), {"code": rider.phone[3:]})
    assert verdict(offered) == "not_signed_up"
    assert f'name="rider" value="{rider.pk}"' in offered.content.decode()
    done = staff.post(f"/staff/activities/{activity.pk}/walk-in/", {"rider": rider.pk}, follow=True)
    return " ".join(str(m) for m in done.context["messages"])


def test_staff_enter_an_activity_under_way_check_a_rider_in_and_the_passbook_shows_the_points(staff, client_for, rider):
    starts = timezone.now() - timedelta(hours=1)

    response = staff.post("/staff/activities/new/", form_data(starts, starts + timedelta(hours=2)), follow=True)

    activity = Activity.objects.get()
    assert response.redirect_chain[-1][0] == f"/staff/activities/{activity.pk}/"
    assert activity.state == Activity.State.PUBLISHED and activity.recorded_after_start
    assert activity.signup_deadline == activity.starts_at  # sign-up never open
    html = response.content.decode()
    assert "活动已经开始，骑手不能再报名：请在签到页面登记到场的骑手" in html
    assert 'data-testid="recorded-after-start"' in html
    # A rider cannot sign up for it: it is no longer to come.
    with pytest.raises(errors.DeadlinePassed):
        services.signup_create(rider=rider, activity=activity)

    assert "已现场报名并签到" in walk_in(staff, activity, rider)

    assert balance_of(rider) == 10
    claim = Claim.objects.get(rider=rider)
    assert (claim.status, claim.occurred_at) == (Claim.Status.APPROVED, activity.starts_at)
    passbook = client_for(rider).get("/points/").content.decode()
    assert "补录的路口劝导" in passbook and "+10" in passbook
    # Nobody is told of a place or reminded of it: the only notice is the points received.
    kinds = set(Notification.objects.filter(recipient=rider).values_list("kind", flat=True))
    assert not any("signup" in kind or "reminder" in kind or "promoted" in kind for kind in kinds)
    assert services.reminders_send() == 0  # the evening run reminds of tomorrow only


def test_an_activity_that_ended_days_ago_is_entered_and_its_riders_paid(staff, client_for, rider):
    starts = timezone.now() - timedelta(days=3)

    response = staff.post("/staff/activities/new/", form_data(starts, starts + timedelta(hours=2)))

    assert response.status_code == 302
    activity = Activity.objects.get()
    # Three days after its end, its attendance is recorded all the same (until 7 days after the start).
    assert activity.checkin_is_open()
    assert timezone.localtime(activity.checkin_closes_at) == timezone.localtime(activity.starts_at + timedelta(days=7))
    assert "已现场报名并签到" in walk_in(staff, activity, rider)
    assert balance_of(rider) == 10
    assert "+10" in client_for(rider).get("/points/").content.decode()


def test_its_check_in_closes_seven_days_after_the_start(staff, rider):
    starts = timezone.now() - timedelta(days=2)
    staff.post("/staff/activities/new/", form_data(starts, starts + timedelta(hours=2)))
    activity = Activity.objects.get()
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=activity.starts_at - timedelta(days=6),
        ends_at=activity.ends_at - timedelta(days=6),
        signup_deadline=activity.signup_deadline - timedelta(days=6),
    )
    activity.refresh_from_db()

    page = staff.get(checkin_url(activity)).content.decode()

    closed = timezone.localtime(activity.starts_at + timedelta(days=7)).strftime("%Y-%m-%d %H:%M")
    assert f"签到已于 {closed} 截止（活动开始 7 天后）。请结束活动，关闭签到名单。" in page
    with pytest.raises(errors.CheckinClosed):
        services.checkin_walk_in(actor=activity.created_by, activity=activity, rider=rider)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_start_more_than_seven_days_ago_is_refused_saying_what_to_do(staff, lang):
    starts = timezone.now() - timedelta(days=8)

    response = staff.post("/staff/activities/new/", form_data(starts, starts + timedelta(hours=2)), HTTP_ACCEPT_LANGUAGE=lang)

    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"] == [TOO_OLD[lang]]
    assert not Activity.objects.exists()


def test_the_api_enters_a_started_activity_and_refuses_one_too_long_ago(api_for, reviewer):
    api = api_for(reviewer)
    body = {
        "title": "补录的路口劝导",
        "category": "civility",
        "place": "成龙大道二段路口",
        "capacity": 10,
        "rule": attendance_rule().pk,
        "state": "published",
    }
    starts = timezone.now() - timedelta(hours=3)

    created = api.post(
        "/api/v1/activities/",
        {**body, "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=2)).isoformat()},
        format="json",
    )

    assert created.status_code == 201, created.json()
    activity = Activity.objects.get()
    assert activity.recorded_after_start and activity.checkin_is_open()
    old = timezone.now() - timedelta(days=8)
    refused = api.post(
        "/api/v1/activities/",
        {**body, "starts_at": old.isoformat(), "ends_at": (old + timedelta(hours=2)).isoformat()},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert refused.status_code == 400
    assert refused.json()["fields"] == {"starts_at": [TOO_OLD["zh-hans"]]}
    assert Activity.objects.count() == 1


def test_an_activity_still_to_come_still_needs_its_sign_up_deadline(staff):
    starts = timezone.now() + timedelta(days=2)

    response = staff.post("/staff/activities/new/", form_data(starts, starts + timedelta(hours=2)))

    assert response.context["form"].errors == {"signup_deadline": ["这个字段是必填项。"]}


def test_the_form_says_what_a_start_in_the_past_does(staff):
    page = staff.get("/staff/activities/new/").content.decode()
    # Drawn hidden, for static/js/activity_form.js to show as the start is typed.
    assert 'id="activity-past-note"' in page and "js/activity_form.js" in page
    assert "活动已经结束：开始后 7 天内仍可补录，并在签到页面登记到场的骑手。" in page

    starts = timezone.now() - timedelta(hours=1)
    sent = staff.post("/staff/activities/new/", form_data(starts, starts + timedelta(hours=2), capacity="0"))

    html = sent.content.decode()
    assert sent.status_code == 200
    note = html[html.index('id="activity-past-note"') :].split("</p>")[0]
    assert " hidden>" not in note
    assert "活动已经开始：仍可录入，并在签到页面登记到场的骑手。骑手不能再报名，也不会收到活动提醒。" in note


def test_a_published_activity_announced_ahead_is_not_moved_into_the_past(staff, activity):
    data = form_data(
        timezone.now() - timedelta(hours=1),
        timezone.now() + timedelta(hours=1),
        signup_deadline=timezone.localtime(timezone.now() - timedelta(hours=2)).strftime(FMT),
    )

    response = staff.post(f"/staff/activities/{activity.pk}/edit/", data)

    assert response.context["form"].errors["starts_at"] == ["开始时间已经过了，请选择以后的时间。"]
    assert 'id="activity-past-note"' not in response.content.decode()
