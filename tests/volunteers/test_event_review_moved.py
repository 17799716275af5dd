"""Three days before the activity the street office moves it to the afternoon, or to another
place: everyone signed up (the waitlist too) is told the new time and place, or they would
come at nine to an empty square. Staff are told before saving that riders will be told, and
after saving how many were. Saving the description alone tells nobody."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory
from volunteers import services
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%dT%H:%M"


def edit_form(activity: Activity, **changes) -> dict:
    """The edit form as staff send it back: every field as shown, whole minutes, with changes."""
    local = {name: timezone.localtime(getattr(activity, name)) for name in ("starts_at", "ends_at", "signup_deadline")}
    data = {
        "title": activity.title,
        "description": activity.description,
        "category": activity.category,
        "venue": activity.venue_id or "",
        "place": activity.place,
        "lat": "",
        "lng": "",
        **{name: moment.strftime(FMT) for name, moment in local.items()},
        "capacity": str(activity.capacity),
        "rule": str(activity.rule_id),
        "state": activity.state,
    }
    data.update(changes)
    return data


@pytest.fixture
def activity(db):
    nine = timezone.localtime().replace(hour=9, minute=0, second=30, microsecond=0) + timedelta(days=3)
    return ActivityFactory(
        title="春熙路文明劝导",
        capacity=1,
        starts_at=nine,
        ends_at=nine + timedelta(hours=2),
        signup_deadline=nine - timedelta(days=1),
    )


def told(rider) -> list[Notification]:
    return list(Notification.objects.filter(recipient=rider, kind="volunteers_activity_changed"))


def test_a_new_time_is_sent_to_everyone_signed_up(client_for, reviewer, rider, other_rider, activity):
    services.signup_create(rider=rider, activity=activity)
    services.signup_create(rider=other_rider, activity=activity)  # the waitlist
    gone = RiderFactory()
    services.signup_create(rider=gone, activity=ActivityFactory())  # another activity's
    staff = client_for(reviewer)

    form = staff.get(f"/staff/activities/{activity.pk}/edit/").content.decode()
    assert "已有 2 人报名：修改时间或地点后，将通知所有报名的骑手。" in form

    afternoon = timezone.localtime(activity.starts_at).replace(hour=14, minute=0, second=0)
    response = staff.post(
        f"/staff/activities/{activity.pk}/edit/",
        edit_form(activity, starts_at=afternoon.strftime(FMT), ends_at=(afternoon + timedelta(hours=2)).strftime(FMT)),
        follow=True,
    )

    assert "已保存。已通知 2 位报名的骑手新的时间或地点。" in response.content.decode()
    for person in (rider, other_rider):
        (notice,) = told(person)
        assert notice.title == "活动时间或地点有变：春熙路文明劝导"
        assert afternoon.strftime("%Y-%m-%d 14:00") in notice.body and "春熙路文明劝导" in notice.body
    assert told(gone) == []


def test_a_new_meeting_point_is_sent_too(reviewer, rider, activity):
    services.signup_create(rider=rider, activity=activity)

    services.activity_update(actor=reviewer, activity=activity, place="成龙大道地铁站 C 口")

    (notice,) = told(rider)
    assert "成龙大道地铁站 C 口" in notice.body


def test_saving_the_description_alone_tells_nobody(client_for, reviewer, rider, activity):
    services.signup_create(rider=rider, activity=activity)

    response = client_for(reviewer).post(
        f"/staff/activities/{activity.pk}/edit/", edit_form(activity, description="带好反光背心"), follow=True
    )

    assert "已保存。" in response.content.decode() and "已通知" not in response.content.decode()
    assert told(rider) == []


def test_a_start_moved_to_another_day_is_reminded_of_again(reviewer, rider, activity):
    signup = services.signup_create(rider=rider, activity=activity).signup
    signup.reminded_at = timezone.now()
    signup.save(update_fields=["reminded_at"])

    later = activity.starts_at + timedelta(days=2)
    services.activity_update(actor=reviewer, activity=activity, starts_at=later, ends_at=later + timedelta(hours=2))

    signup.refresh_from_db()
    assert signup.reminded_at is None


def test_leaving_the_edit_form_goes_back_to_the_activity(client_for, reviewer, activity):
    staff = client_for(reviewer)

    editing = staff.get(f"/staff/activities/{activity.pk}/edit/").content.decode()
    creating = staff.get("/staff/activities/new/").content.decode()

    assert f'href="/staff/activities/{activity.pk}/" data-testid="form-cancel"' in editing
    assert 'href="/staff/activities/" data-testid="form-cancel"' in creating
