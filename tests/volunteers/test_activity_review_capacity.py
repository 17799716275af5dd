"""Review of activities, the places: a street admin who types 名额 0 (or -5, or a number with
too many zeros) is told on the field what is allowed instead of getting an error page, the API
answers 400 the same way, and places are never lowered below the riders already signed up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory, attendance_rule
from volunteers.models import Activity, Signup

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%dT%H:%M"
RANGE = "名额应在 1 到 1000 之间。"


def form_data(**overrides) -> dict:
    starts = timezone.localtime() + timedelta(days=5)
    return {
        "title": "成龙路口早高峰秩序引导",
        "description": "引导骑手有序通行",
        "category": "civility",
        "venue": "",
        "place": "成龙大道二段路口",
        "lat": "",
        "lng": "",
        "starts_at": starts.strftime(FMT),
        "ends_at": (starts + timedelta(hours=1)).strftime(FMT),
        "capacity": "3",
        "signup_deadline": (starts - timedelta(hours=2)).strftime(FMT),
        "rule": str(attendance_rule().pk),
        "state": "published",
        **overrides,
    }


def api_body(**changes) -> dict:
    starts = timezone.now() + timedelta(days=5)
    return {
        "title": "成龙路口早高峰秩序引导",
        "category": "civility",
        "place": "成龙大道二段路口",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "capacity": 3,
        "signup_deadline": (starts - timedelta(hours=2)).isoformat(),
        "rule": attendance_rule().pk,
        "state": "published",
        **changes,
    }


@pytest.mark.parametrize("capacity", ["0", "-5", "1001", "99999999999"])
def test_the_admin_is_told_on_the_field_how_many_places_an_activity_may_have(client_for, street_admin, capacity):
    response = client_for(street_admin).post("/staff/activities/new/", form_data(capacity=capacity))

    assert response.status_code == 200  # the form again, not an error page
    assert response.context["form"].errors["capacity"] == [RANGE]
    assert RANGE in response.content.decode()
    assert not Activity.objects.exists()


def test_one_and_a_thousand_places_are_fine(client_for, street_admin):
    client = client_for(street_admin)
    client.post("/staff/activities/new/", form_data(title="小活动", capacity="1"))
    client.post("/staff/activities/new/", form_data(title="大活动", capacity="1000"))

    assert dict(Activity.objects.values_list("title", "capacity")) == {"小活动": 1, "大活动": 1000}


def test_the_form_field_tells_the_phone_the_range(client_for, street_admin):
    html = client_for(street_admin).get("/staff/activities/new/").content.decode()

    assert 'name="capacity"' in html and 'min="1"' in html and 'max="1000"' in html


@pytest.mark.parametrize("capacity", [0, -5, 1001, 99999999999])
def test_the_api_answers_400_naming_the_capacity(api_for, street_admin, capacity):
    response = api_for(street_admin).post("/api/v1/activities/", api_body(capacity=capacity), format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"capacity": [RANGE]}
    assert not Activity.objects.exists()


def test_places_cannot_go_below_the_riders_signed_up_on_the_form(client_for, street_admin):
    activity = ActivityFactory(title="容量调整测试活动", capacity=2)
    for _ in range(2):
        SignupFactory(activity=activity, rider=RiderFactory())
    waiting = SignupFactory(activity=activity, rider=RiderFactory(), status=Signup.Status.WAITLISTED)
    edit = f"/staff/activities/{activity.pk}/edit/"
    data = form_data(
        title=activity.title,
        starts_at=timezone.localtime(activity.starts_at).strftime(FMT),
        ends_at=timezone.localtime(activity.ends_at).strftime(FMT),
        signup_deadline=timezone.localtime(activity.signup_deadline).strftime(FMT),
    )

    response = client_for(street_admin).post(edit, {**data, "capacity": "1"})

    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == ["已有 2 人报名，名额不能少于 2。"]
    activity.refresh_from_db()
    assert activity.capacity == 2
    assert Signup.objects.filter(activity=activity, status=Signup.Status.REGISTERED).count() == 2

    # Raising it still moves the waitlist up.
    client_for(street_admin).post(edit, {**data, "capacity": "3"})
    activity.refresh_from_db()
    waiting.refresh_from_db()
    assert (activity.capacity, waiting.status) == (3, Signup.Status.REGISTERED)


def test_places_cannot_go_below_the_riders_signed_up_through_the_api(api_for, street_admin):
    activity = ActivityFactory(capacity=5)
    for _ in range(4):
        SignupFactory(activity=activity, rider=RiderFactory())

    response = api_for(street_admin).patch(f"/api/v1/activities/{activity.pk}/", {"capacity": 3}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"capacity": ["已有 4 人报名，名额不能少于 4。"]}
    activity.refresh_from_db()
    assert activity.capacity == 5
    assert api_for(street_admin).patch(f"/api/v1/activities/{activity.pk}/", {"capacity": 4}, format="json").status_code == 200
