"""Yesterday morning's crossing patrol was entered by staff afterwards (recorded_after_start) and a
rider who came was checked in at the door and paid. Today staff see they typed the title and the
meeting point wrong, and put no pin on the map. The activity has ended, so until now the edit form
kept the meeting point and the pin read-only with the time and places (only the title and the
description could be corrected), and the activity went on telling riders and the figures it took
place elsewhere.

After the end (services.kept_fields), what only describes the activity may be corrected: its title,
description, meeting point (place) and map pin, audited as any edit and told to nobody (nobody is
coming). What riders' sign-ups, check-in and points depend on stays: the places, the time and the
rule once a rider has been paid by them (and the venue, the sign-up deadline, team-only), each drawn
read-only with why beside it, in Chinese and English, and refused by the service if sent anyway.
(Its time before anyone is paid: test_late_entered_activity_times_corrected.py.)"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points.models import Claim
from tests.points.factories import RuleFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from tests.volunteers.test_activity_entered_after_it_started import form_data, walk_in
from tests.volunteers.test_event_review_moved import edit_form
from tests.volunteers.test_staff_edit_after_the_end import ended
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

# The rider checked in has been paid by its time (services.times_paid), so the time is kept.
TIME_ZH = (
    "已有 1 名骑手按此时间签到并获得积分（积分按开始时间记日期，按小时计分的规则按时长计分），"
    "不能再更改时间：到场的骑手都按同一时间计分。"
)
TIME_EN = (
    "1 rider has checked in and been paid by this time (the points are dated by the start; a rule paid by the"
    " hour pays by the length), so it can no longer be changed: everyone who came is paid by the same time."
)
PLACES_ZH = "活动已结束，不能再更改名额：到场的骑手在签到时报名，必要时可超出名额。"
PLACES_EN = (
    "This activity has ended, so its places can no longer be changed: riders who came are signed up at"
    " check-in, over the places if need be."
)
VENUE_ZH = "活动已结束，不能再更改阵地：到场人数计入该阵地所在的社区。地点和地图定位仍可更正。"
VENUE_EN = (
    "This activity has ended, so its venue can no longer be changed: its attendance is counted in the venue's"
    " community. The place and map pin can still be corrected."
)
RULE_ZH = "已有 1 名骑手签到并按此规则获得积分，不能再更改规则：到场的骑手都按同一规则计分。"
RULE_EN = (
    "1 rider has checked in and been paid by this rule, so it can no longer be changed:"
    " everyone who came is paid by the same rule."
)


@pytest.fixture
def patrol(staff, rider):
    """Yesterday 9:00–11:00, entered by staff after it happened, with the rider checked in at the
    door (a walk-in: nobody could sign up) and paid 10 points."""
    nine = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)
    assert staff.post("/staff/activities/new/", form_data(nine, nine + timedelta(hours=2), title="路口劝到")).status_code == 302
    activity = Activity.objects.get()
    assert activity.recorded_after_start and activity.state == Activity.State.PUBLISHED
    walk_in(staff, activity, rider)
    return activity


def edit_page(staff, activity: Activity) -> tuple[str, dict]:
    """The edit page, and what the browser sends back from it: every field still open as shown,
    the read-only ones (disabled) left out, and the hidden field naming them."""
    page = staff.get(f"/staff/activities/{activity.pk}/edit/").content.decode()
    kept = page.split('name="kept" value="', 1)[1].split('"', 1)[0]
    sent = {k: v for k, v in edit_form(activity).items() if k not in kept.split(",")}
    return page, {**sent, "kept": kept}


def control(page: str, name: str) -> str:
    start = page.index(f'id="id_{name}"')
    return page[page.rindex("<", 0, start) : page.index(">", start)]


def test_staff_correct_the_title_place_and_map_pin_of_yesterdays_late_entered_activity(
    staff, client_for, street_admin, rider, patrol
):
    page, sent = edit_page(staff, patrol)
    for name in ("title", "description", "place", "lat", "lng"):
        assert " disabled" not in control(page, name), name

    response = staff.post(
        f"/staff/activities/{patrol.pk}/edit/",
        sent | {"title": "路口文明劝导", "place": "成龙大道二段与驿都大道路口", "lat": "30.612300", "lng": "104.153400"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"/staff/activities/{patrol.pk}/"
    assert "路口文明劝导" in response.content.decode()
    saved = Activity.objects.get(pk=patrol.pk)
    assert (saved.title, saved.place, saved.lat, saved.lng) == (
        "路口文明劝导",
        "成龙大道二段与驿都大道路口",
        Decimal("30.612300"),
        Decimal("104.153400"),
    )
    # What the rider was paid by stays: the time, the places, the rule, the points.
    assert (saved.starts_at, saved.ends_at, saved.capacity, saved.rule_id) == (
        patrol.starts_at,
        patrol.ends_at,
        patrol.capacity,
        patrol.rule_id,
    )
    assert list(Claim.objects.filter(rider=rider).values_list("points", "occurred_at")) == [(10, patrol.starts_at)]
    # Nobody is told of a correction to an activity that is over.
    assert not Notification.objects.filter(kind="volunteers_activity_changed").exists()
    # In the audit trail as any activity edit: who, and what each field was and became.
    entry = AuditEntry.objects.get(action="volunteers.activity_updated", target_id=str(patrol.pk))
    assert entry.data == {
        "title": ["路口劝到", "路口文明劝导"],
        "place": ["成龙大道二段路口", "成龙大道二段与驿都大道路口"],
        "lat": [None, "30.612300"],
        "lng": [None, "104.153400"],
    }
    (row,) = client_for(street_admin).get("/staff/audit/", {"action": "volunteers.activity_updated"}).context["rows"]
    # As a set: PostgreSQL keeps the entry's JSON keys in its own order (jsonb), SQLite in the written one.
    assert {c.label for c in row["changes"]} == {"名称", "地点", "纬度", "经度"}


def test_trying_to_change_its_points_is_refused_saying_why(staff, rider, patrol):
    """The form draws the rule (what the points are) read-only with why beside it, with the time
    and places; a page that sends another rule all the same (opened before the rider was paid)
    is refused with that reason, and nothing else it sent is saved."""
    page, sent = edit_page(staff, patrol)
    assert " disabled" in control(page, "rule")
    assert RULE_ZH in page
    for name in ("starts_at", "ends_at", "capacity"):
        assert " disabled" in control(page, name), name
    assert TIME_ZH in page and PLACES_ZH in page
    double = RuleFactory(name="劝导双倍", points=20, rider_claimable=False)

    response = staff.post(
        f"/staff/activities/{patrol.pk}/edit/",
        edit_form(patrol, title="路口文明劝导", rule=str(double.pk)),  # no "kept": drawn before the check-in
    )

    assert response.status_code == 200
    refused = response.content.decode()
    assert RULE_ZH in refused
    assert " disabled" in control(refused, "rule")
    saved = Activity.objects.get(pk=patrol.pk)
    assert (saved.rule_id, saved.title) == (patrol.rule_id, "路口劝到")
    assert list(Claim.objects.filter(rider=rider).values_list("rule_id", "points")) == [(patrol.rule_id, 10)]
    assert not AuditEntry.objects.filter(action="volunteers.activity_updated").exists()


def test_the_reasons_beside_the_kept_fields_read_in_english(staff, patrol):
    staff.cookies["django_language"] = "en"

    page, _sent = edit_page(staff, patrol)

    for why in (TIME_EN, PLACES_EN, RULE_EN):
        assert why.replace("'", "&#x27;") in page, why
    assert TIME_ZH not in page and PLACES_ZH not in page


def test_the_api_corrects_the_place_and_refuses_the_time_and_places_in_english(api_for, reviewer, patrol):
    api = api_for(reviewer)
    url = f"/api/v1/activities/{patrol.pk}/"

    corrected = api.patch(url, {"place": "成龙大道二段与驿都大道路口", "lat": "30.612300", "lng": "104.153400"}, format="json")
    assert corrected.status_code == 200, corrected.json()
    later = timezone.localtime(patrol.ends_at + timedelta(hours=1)).isoformat()
    for change, why in (({"ends_at": later}, TIME_EN), ({"capacity": patrol.capacity + 5}, PLACES_EN)):
        refused = api.patch(url, change, format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert (refused.status_code, refused.json()["code"], refused.json()["message"]) == (409, "wrong_state", why)

    saved = Activity.objects.get(pk=patrol.pk)
    assert (saved.place, saved.ends_at, saved.capacity) == ("成龙大道二段与驿都大道路口", patrol.ends_at, patrol.capacity)


def test_riders_signed_up_for_an_activity_announced_ahead_are_not_told_of_a_place_corrected_after_it(staff, rider, other_rider):
    """Before the end a new meeting point is sent to everyone signed up (they would go to the old
    one); after it, nobody is coming: the correction is no news to anyone, the waitlist included."""
    activity = ActivityFactory(title="成龙路街道清洁", capacity=1)
    SignupFactory(activity=activity, rider=rider)
    SignupFactory(activity=activity, rider=other_rider, status="waitlisted")
    ended(activity, timedelta(hours=1))
    _page, sent = edit_page(staff, activity)

    response = staff.post(f"/staff/activities/{activity.pk}/edit/", sent | {"place": "成龙路街道东口"})

    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).place == "成龙路街道东口"
    assert not Notification.objects.filter(kind="volunteers_activity_changed").exists()


def test_a_wrong_venue_stays_saying_why_while_its_meeting_point_is_corrected(staff, patrol):
    from tests.venues.factories import VenueFactory

    venue = VenueFactory(name="成龙路骑手驿站")
    Activity.objects.filter(pk=patrol.pk).update(venue=venue)
    patrol.refresh_from_db()

    page, sent = edit_page(staff, patrol)

    assert " disabled" in control(page, "venue") and VENUE_ZH in page
    assert " disabled" not in control(page, "place")
    response = staff.post(f"/staff/activities/{patrol.pk}/edit/", sent | {"place": "驿站门口"})
    assert response.status_code == 302
    saved = Activity.objects.get(pk=patrol.pk)
    assert (saved.venue_id, saved.place) == (venue.pk, "驿站门口")
