"""Staff enter tomorrow's crossing patrol, 08:00 to 20:00, at 10 points an hour, and pick the wrong
day for the end: 20:00 the day after, 36 hours. Until now that was saved as it was, and every rider
checked in was paid 36 hours (360 points) by the per-hour rule.

An activity lasts at most 12 hours (services.ACTIVITY_LENGTH_MAX; the demo's last 1.5 to 3 hours):
a longer one is refused by its end time, saying the maximum and how long it would last, in Chinese
and English, on the form (what was typed stays) and in the API (a 400 naming ends_at), when it is
created and when its times are edited (services.activity_check, one rule for both). One stored
longer before keeps its times and may still have its title corrected."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from points.models import Rule
from tests.points.factories import RuleFactory
from tests.volunteers.factories import ActivityFactory, attendance_rule
from tests.volunteers.test_activity_entered_after_it_started import FMT, form_data
from tests.volunteers.test_event_review_moved import edit_form
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

TOO_LONG = {
    "zh-hans": "活动时长最多 12 小时，这个活动将持续 36 小时：请检查开始和结束的日期和时间。",
    "en": "An activity lasts at most 12 hours, and this one would last 36 hours: check the start and end dates and times.",
}


def local(moment) -> str:
    return timezone.localtime(moment).strftime(FMT)


@pytest.fixture
def eight():
    """08:00 tomorrow."""
    return timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=1)


@pytest.fixture
def patrol_form(eight):
    hourly = RuleFactory(name="劝导时长", points=10, unit=Rule.Unit.HOUR, rider_claimable=False)
    return lambda ends: form_data(
        eight, ends, title="路口劝导", rule=str(hourly.pk), signup_deadline=local(eight - timedelta(hours=12))
    )


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_an_end_typed_on_the_wrong_day_is_refused_by_its_field_and_what_was_typed_stays(staff, patrol_form, eight, lang):
    staff.cookies["django_language"] = lang
    typo = local(eight + timedelta(hours=36))

    response = staff.post("/staff/activities/new/", patrol_form(eight + timedelta(hours=36)))

    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_at": [TOO_LONG[lang]]}
    page = response.content.decode()
    assert TOO_LONG[lang] in page
    assert f'value="{typo}"' in page and 'value="路口劝导"' in page
    assert not Activity.objects.exists()


def test_an_activity_of_twelve_hours_is_entered(staff, patrol_form, eight):
    response = staff.post("/staff/activities/new/", patrol_form(eight + timedelta(hours=12)))

    assert response.status_code == 302
    assert Activity.objects.get().hours == 12


def test_a_minute_over_twelve_hours_is_refused_saying_how_long(staff, patrol_form, eight):
    response = staff.post("/staff/activities/new/", patrol_form(eight + timedelta(hours=12, minutes=1)))

    assert response.context["form"].errors["ends_at"] == [
        "活动时长最多 12 小时，这个活动将持续 12.1 小时：请检查开始和结束的日期和时间。"
    ]
    assert not Activity.objects.exists()


def test_an_end_moved_a_day_late_on_the_edit_page_is_refused(staff, eight):
    activity = ActivityFactory(starts_at=eight, ends_at=eight + timedelta(hours=12), signup_deadline=eight - timedelta(hours=1))

    response = staff.post(
        f"/staff/activities/{activity.pk}/edit/", edit_form(activity, ends_at=local(eight + timedelta(hours=36)))
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_at": [TOO_LONG["zh-hans"]]}
    assert Activity.objects.get(pk=activity.pk).ends_at == eight + timedelta(hours=12)


def test_the_api_refuses_an_activity_too_long_with_a_400_naming_the_end(api_for, reviewer, eight):
    api = api_for(reviewer)
    api.cookies["django_language"] = "en"
    body = {
        "title": "路口劝导",
        "category": "civility",
        "place": "成龙大道二段路口",
        "starts_at": eight.isoformat(),
        "ends_at": (eight + timedelta(hours=36)).isoformat(),
        "capacity": 10,
        "signup_deadline": (eight - timedelta(hours=12)).isoformat(),
        "rule": attendance_rule().pk,
        "state": "published",
    }

    created = api.post("/api/v1/activities/", body, format="json")

    assert created.status_code == 400
    assert (created.json()["code"], created.json()["fields"]) == ("invalid", {"ends_at": [TOO_LONG["en"]]})
    assert not Activity.objects.exists()

    made = api.post("/api/v1/activities/", {**body, "ends_at": (eight + timedelta(hours=2)).isoformat()}, format="json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    moved = api.patch(f"/api/v1/activities/{pk}/", {"ends_at": (eight + timedelta(hours=36)).isoformat()}, format="json")

    assert (moved.status_code, moved.json()["fields"]) == (400, {"ends_at": [TOO_LONG["en"]]})
    assert Activity.objects.get(pk=pk).hours == 2


def test_one_stored_longer_before_may_still_have_its_title_corrected(staff, eight):
    activity = ActivityFactory(starts_at=eight, ends_at=eight + timedelta(hours=14), signup_deadline=eight - timedelta(hours=1))

    response = staff.post(f"/staff/activities/{activity.pk}/edit/", edit_form(activity, title="路口文明劝导"))

    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).title == "路口文明劝导"


@pytest.mark.parametrize(("lang", "said"), [("zh-hans", "活动时长最多 12 小时。"), ("en", "An activity lasts at most 12 hours.")])
def test_the_end_time_says_the_longest_an_activity_may_last_before_it_is_refused(staff, lang, said):
    staff.cookies["django_language"] = lang

    response = staff.get("/staff/activities/new/")

    assert str(response.context["form"]["ends_at"].help_text) == said
    assert said in response.content.decode()
