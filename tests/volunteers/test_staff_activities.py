"""Street-office staff run activities: create a draft, publish it, edit it, tick the roster,
finish it (the roster closes) or cancel it (everyone signed up is told)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from points.models import Claim
from points.selectors import balance_of
from tests.factories import RiderFactory
from tests.points.factories import RuleFactory
from tests.venues.factories import VenueFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory, attendance_rule, started
from volunteers import services
from volunteers.models import Activity, Signup

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%dT%H:%M"


# What attending the `activity` fixture pays: the seeded attendance rule, 10 points a time.
ATTENDANCE_POINTS = 10


def form_data(**overrides) -> dict:
    starts = timezone.localtime() + timedelta(days=5)
    data = {
        "title": "春熙路文明劝导",
        "description": "提醒骑手文明停车",
        "category": "civility",
        "venue": "",
        "place": "春熙路口",
        "lat": "",
        "lng": "",
        "starts_at": starts.strftime(FMT),
        "ends_at": (starts + timedelta(hours=3)).strftime(FMT),
        "capacity": "8",
        "signup_deadline": (starts - timedelta(days=1)).strftime(FMT),
        "rule": str(attendance_rule().pk),
        "state": "draft",
    }
    data.update(overrides)
    return data


def test_staff_create_a_draft_then_publish_it(client_for, reviewer):
    client = client_for(reviewer)
    assert client.get("/staff/activities/new/").status_code == 200

    response = client.post("/staff/activities/new/", form_data(lat="30.657800", lng="104.081200"))

    activity = Activity.objects.get(title="春熙路文明劝导")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/activities/{activity.pk}/"
    assert (activity.state, activity.capacity, activity.created_by) == ("draft", 8, reviewer)
    assert str(activity.lat) == "30.657800"
    assert activity.hours == 3

    client.post(f"/staff/activities/{activity.pk}/edit/", form_data(state="published", capacity="12"))
    activity.refresh_from_db()
    assert (activity.state, activity.capacity) == ("published", 12)
    page = client.get("/staff/activities/?state=published").content.decode()
    assert f'data-activity-id="{activity.pk}"' in page


def test_the_form_says_what_is_wrong(client_for, reviewer):
    client = client_for(reviewer)
    starts = timezone.localtime() + timedelta(days=5)
    response = client.post(
        "/staff/activities/new/",
        form_data(
            place="",
            ends_at=(starts - timedelta(hours=1)).strftime(FMT),
            starts_at=starts.strftime(FMT),
            signup_deadline=(starts + timedelta(hours=1)).strftime(FMT),
            lat="30.6",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"ends_at", "signup_deadline", "place", "lat"}
    assert not Activity.objects.exists()


def test_a_venue_instead_of_a_place(client_for, reviewer):
    venue = VenueFactory(name="暖新驿站")
    client_for(reviewer).post("/staff/activities/new/", form_data(place="", venue=str(venue.pk)))
    assert Activity.objects.get().where == "暖新驿站"


def test_an_inactive_rule_cannot_be_chosen_for_a_new_activity(client_for, reviewer):
    rule = RuleFactory(active=False)
    response = client_for(reviewer).post("/staff/activities/new/", form_data(rule=str(rule.pk)))
    assert "rule" in response.context["form"].errors


def test_a_published_activity_cannot_go_back_to_draft(client_for, reviewer, activity):
    response = client_for(reviewer).post(f"/staff/activities/{activity.pk}/edit/", form_data(state="draft"))
    assert "state" in response.context["form"].errors
    activity.refresh_from_db()
    assert activity.state == "published"


def test_more_places_move_the_waitlist_up(client_for, reviewer, rider, other_rider):
    activity = ActivityFactory(capacity=1)
    services.signup_create(rider=rider, activity=activity)
    waiting = services.signup_create(rider=other_rider, activity=activity).signup
    data = form_data(state="published", capacity="2", title=activity.title)
    client_for(reviewer).post(f"/staff/activities/{activity.pk}/edit/", data)
    waiting.refresh_from_db()
    assert waiting.status == Signup.Status.REGISTERED
    assert Notification.objects.filter(recipient=other_rider, kind="volunteers_waitlist_promoted").count() == 1


def test_the_list_shows_places_sign_ups_and_waitlist(client_for, reviewer):
    activity = ActivityFactory(capacity=2)
    for _ in range(3):
        services.signup_create(rider=RiderFactory(), activity=activity)
    ActivityFactory(state=Activity.State.DRAFT, title="草稿活动")
    response = client_for(reviewer).get("/staff/activities/")
    rows = {a.pk: a for a in response.context["page"]}
    assert (rows[activity.pk].registered_count, rows[activity.pk].places_left, rows[activity.pk].waitlist_length) == (2, 0, 1)
    drafts = client_for(reviewer).get("/staff/activities/?state=draft").context["page"]
    assert [a.title for a in drafts] == ["草稿活动"]


def test_the_roster_lists_registered_then_the_waitlist(client_for, reviewer):
    activity = ActivityFactory(capacity=2)
    riders = [RiderFactory() for _ in range(4)]
    for r in riders:
        services.signup_create(rider=r, activity=activity)
    response = client_for(reviewer).get(f"/staff/activities/{activity.pk}/")
    assert [s.rider for s in response.context["registered"]] == riders[:2]
    assert [s.rider for s in response.context["waitlist"]] == riders[2:]
    html = response.content.decode()
    assert riders[0].masked_name in html and riders[0].masked_phone in html
    assert riders[0].phone not in html  # masked, as every staff list shows riders


def test_the_roster_queries_do_not_grow_with_the_riders(client_for, reviewer):
    activity = ActivityFactory(capacity=30)
    client = client_for(reviewer)

    def count() -> int:
        client.get(f"/staff/activities/{activity.pk}/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/staff/activities/{activity.pk}/").status_code == 200
        return len([q for q in ctx.captured_queries if "volunteers_" in q["sql"]])

    SignupFactory(activity=activity, rider=RiderFactory())
    small = count()
    for _ in range(12):
        SignupFactory(activity=activity, rider=RiderFactory())
    # The activity with its places, the sign-ups with their riders, and the three badge
    # sources (team, micro-grid, party).
    assert count() == small == 5


def test_an_activity_whose_venue_left_the_map_keeps_it_when_staff_edit_it(client_for, api_for, reviewer):
    station = VenueFactory(name="成龙路暖新驿站")
    activity = ActivityFactory(venue=station, place="驿站门口", starts_at=timezone.now() + timedelta(days=5))
    station.active = False  # the venue closed after the activity was planned there
    station.save()
    client = client_for(reviewer)

    select = venue_select(client, f"/staff/activities/{activity.pk}/edit/")
    chosen = re.search(r'<option value="(\d*)" selected>', select)  # what the browser sends back
    starts = timezone.localtime(activity.starts_at)
    response = client.post(
        f"/staff/activities/{activity.pk}/edit/",
        form_data(
            title=activity.title,
            description="集合点改到驿站东侧",
            venue=chosen.group(1) if chosen else "",
            place=activity.place,
            starts_at=starts.strftime(FMT),
            ends_at=timezone.localtime(activity.ends_at).strftime(FMT),
            signup_deadline=timezone.localtime(activity.signup_deadline).strftime(FMT),
            state="published",
        ),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.description, activity.venue_id) == ("集合点改到驿站东侧", station.pk)
    # The API takes the activity as it is back too (a client sends the whole activity).
    patched = api_for(reviewer).patch(f"/api/v1/activities/{activity.pk}/", {"venue": station.pk, "capacity": 9}, format="json")
    assert (patched.status_code, patched.json()["venue"]["id"]) == (200, station.pk)
    # A new activity is planned only at venues on the map.
    assert f'value="{station.pk}"' not in venue_select(client, "/staff/activities/new/")


def venue_select(client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'<select name="venue".*?</select>', html, re.S).group(0)


def test_a_tick_pays_and_a_no_show_pays_nothing(client_for, reviewer, rider, other_rider, activity):
    came = services.signup_create(rider=rider, activity=activity).signup
    absent = services.signup_create(rider=other_rider, activity=activity).signup
    client = client_for(reviewer)
    started(activity)  # a no-show is marked once the activity has begun

    client.post(f"/staff/activities/{activity.pk}/attendance/{came.pk}/", {"attended": "1"})
    client.post(f"/staff/activities/{activity.pk}/attendance/{absent.pk}/", {"attended": "0"})

    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.attendance, absent.attendance) == ("attended", "no_show")
    assert balance_of(rider) == ATTENDANCE_POINTS
    assert balance_of(other_rider) == 0
    assert not Claim.objects.filter(rider=other_rider).exists()
    page = client.get(f"/staff/activities/{activity.pk}/").content.decode()
    assert 'data-testid="checked-in-count">1 / 2<' in page


def test_a_tick_twice_pays_once(client_for, reviewer, rider, activity):
    signup = services.signup_create(rider=rider, activity=activity).signup
    client = client_for(reviewer)
    for _ in range(2):
        client.post(f"/staff/activities/{activity.pk}/attendance/{signup.pk}/", {"attended": "1"})
    assert Claim.objects.filter(rider=rider).count() == 1
    assert balance_of(rider) == ATTENDANCE_POINTS


def test_a_paid_attendance_cannot_be_turned_into_a_no_show(client_for, reviewer, rider, activity):
    signup = services.signup_create(rider=rider, activity=activity).signup
    services.checkin(actor=reviewer, activity=activity, token=services.checkin_token(signup))
    response = client_for(reviewer).post(
        f"/staff/activities/{activity.pk}/attendance/{signup.pk}/", {"attended": "0"}, follow=True
    )
    signup.refresh_from_db()
    assert signup.attendance == "attended"
    assert balance_of(rider) == ATTENDANCE_POINTS
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_sign_up_of_another_activity_is_not_found(client_for, reviewer, rider, activity):
    other = SignupFactory(activity=ActivityFactory(), rider=rider)
    response = client_for(reviewer).post(f"/staff/activities/{activity.pk}/attendance/{other.pk}/", {"attended": "1"})
    assert response.status_code == 404
    assert not Claim.objects.exists()


def test_after_finish_the_roster_is_closed(client_for, reviewer, rider, other_rider, activity):
    came = services.signup_create(rider=rider, activity=activity).signup
    late = services.signup_create(rider=other_rider, activity=activity).signup
    client = client_for(reviewer)
    client.post(f"/staff/activities/{activity.pk}/attendance/{came.pk}/", {"attended": "1"})
    started(activity)

    client.post(f"/staff/activities/{activity.pk}/finish/", {"confirm": "yes"})

    activity.refresh_from_db()
    assert activity.state == "finished"
    page = client.get(f"/staff/activities/{activity.pk}/").content.decode()
    assert 'data-testid="roster-closed"' in page
    assert 'data-testid="tick-attended"' not in page and 'data-testid="mark-no-show"' not in page
    assert 'id="cancel-activity"' not in page
    # A tick sent anyway (an old tab) changes nothing and pays nothing.
    response = client.post(f"/staff/activities/{activity.pk}/attendance/{late.pk}/", {"attended": "1"}, follow=True)
    late.refresh_from_db()
    assert late.attendance == ""
    assert balance_of(other_rider) == 0
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    # Nor can an edit reopen it: only what describes it may still be corrected
    # (tests/volunteers/test_finished_activity_corrected.py), and a page sending another state is refused.
    assert 'data-testid="not-editable"' not in client.get(f"/staff/activities/{activity.pk}/edit/").content.decode()
    client.post(f"/staff/activities/{activity.pk}/edit/", form_data(state="published", title="改名"))
    activity.refresh_from_db()
    assert (activity.state, activity.title) == ("finished", came.activity.title)


def test_cancelling_tells_everyone_signed_up(client_for, reviewer, rider, other_rider):
    activity = ActivityFactory(capacity=1)
    services.signup_create(rider=rider, activity=activity)
    services.signup_create(rider=other_rider, activity=activity)  # on the waitlist
    gone = RiderFactory()
    services.signup_create(rider=gone, activity=activity)
    services.signup_cancel(rider=gone, activity=activity)
    client = client_for(reviewer)

    client.post(f"/staff/activities/{activity.pk}/cancel/", {"reason": "暴雨预警"})

    activity.refresh_from_db()
    assert activity.state == "cancelled"
    told = Notification.objects.filter(kind="volunteers_activity_cancelled")
    assert sorted(n.recipient_id for n in told) == sorted([rider.pk, other_rider.pk])
    assert all("暴雨预警" in n.body for n in told)


def test_cancelling_needs_a_reason(client_for, reviewer, rider, activity):
    services.signup_create(rider=rider, activity=activity)
    client_for(reviewer).post(f"/staff/activities/{activity.pk}/cancel/", {"reason": "  "})
    activity.refresh_from_db()
    assert activity.state == "published"
    assert not Notification.objects.filter(kind="volunteers_activity_cancelled").exists()


def test_a_finished_activity_cannot_be_cancelled(client_for, reviewer, activity):
    started(activity)
    services.activity_finish(actor=reviewer, activity=activity)
    response = client_for(reviewer).post(f"/staff/activities/{activity.pk}/cancel/", {"reason": "太晚了"}, follow=True)
    activity.refresh_from_db()
    assert activity.state == "finished"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_riders_and_partners_cannot_run_activities(client_for, rider, merchant_a, activity):
    for user in (rider, merchant_a):
        client = client_for(user)
        assert client.get("/staff/activities/").status_code == 403
        assert client.post(f"/staff/activities/{activity.pk}/finish/").status_code == 403
    activity.refresh_from_db()
    assert activity.state == "published"
    assert attendance_rule().active
