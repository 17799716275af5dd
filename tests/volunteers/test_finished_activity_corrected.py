"""Yesterday's crossing patrol is finished: two riders came (walk-ins at the door, one over its
one place), were checked in and paid, and staff closed the roster. Today staff see its title has
a typo (路口劝到). Before, a finished activity could not be edited at all (已结束或已取消的活动不能
再修改。) and the typo stayed on the riders' past activities, the roster and the exports for good.

Now a finished activity may have what describes it corrected, as one that has ended
(services.kept_fields): its title, description, meeting point and map pin, audited as any edit
and told to nobody. Everything else stays as it was, drawn read-only with why and refused if sent
anyway: the time and places (riders' sign-ups, check-in and points), the venue, the rule the
riders were paid by, its category and its state. A cancelled activity still cannot be edited."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points.models import Claim
from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory
from tests.volunteers.test_activity_entered_after_it_started import form_data, walk_in
from tests.volunteers.test_event_review_moved import edit_form
from tests.volunteers.test_late_entered_activity_corrected_after_the_end import control, edit_page
from tests.volunteers.test_staff_edit_after_the_end import ENDED_EN as TIME_EN  # finished: as one announced ahead
from tests.volunteers.test_staff_edit_after_the_end import ENDED_ZH as TIME_ZH
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

FINISHED_ZH_START = "活动已结束，不能再更改类别、规则和状态"


@pytest.fixture
def finished_patrol(staff, rider):
    """Yesterday 9:00–11:00 with one place; the rider and another came (walk-ins, one over the
    place), were checked in and paid; staff finished it."""
    nine = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)
    new = form_data(nine, nine + timedelta(hours=2), title="路口劝到", capacity="1")
    assert staff.post("/staff/activities/new/", new).status_code == 302
    activity = Activity.objects.get()
    walk_in(staff, activity, rider)
    over = RiderFactory()
    staff.post(f"/staff/activities/{activity.pk}/walk-in/", {"rider": over.pk, "over_capacity": "1"})  # 仍然报名
    assert staff.post(f"/staff/activities/{activity.pk}/finish/", {"confirm": "yes"}).status_code == 302
    activity.refresh_from_db()
    assert activity.state == Activity.State.FINISHED
    assert activity.signups.filter(status="registered").count() == 2 > activity.capacity
    return activity


def test_staff_correct_the_title_of_a_finished_activity(staff, client_for, street_admin, rider, finished_patrol):
    roster = staff.get(f"/staff/activities/{finished_patrol.pk}/").content.decode()
    assert f'href="/staff/activities/{finished_patrol.pk}/edit/"' in roster  # 编辑 is offered
    page, sent = edit_page(staff, finished_patrol)
    assert 'data-testid="not-editable"' not in page
    for name in ("title", "description", "place", "lat", "lng"):
        assert " disabled" not in control(page, name), name
    for name in ("starts_at", "ends_at", "capacity", "venue", "rule", "category", "state"):
        assert " disabled" in control(page, name), name
    assert TIME_ZH in page

    response = staff.post(
        f"/staff/activities/{finished_patrol.pk}/edit/",
        sent | {"title": "路口文明劝导", "lat": "30.612300", "lng": "104.153400"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"/staff/activities/{finished_patrol.pk}/"
    assert "路口文明劝导" in response.content.decode()
    saved = Activity.objects.get(pk=finished_patrol.pk)
    assert (saved.title, saved.lat, saved.lng, saved.state) == (
        "路口文明劝导",
        Decimal("30.612300"),
        Decimal("104.153400"),
        Activity.State.FINISHED,
    )
    assert (saved.starts_at, saved.ends_at, saved.capacity, saved.rule_id, saved.category) == (
        finished_patrol.starts_at,
        finished_patrol.ends_at,
        1,
        finished_patrol.rule_id,
        finished_patrol.category,
    )
    assert list(Claim.objects.filter(rider=rider).values_list("points", flat=True)) == [10]
    assert not Notification.objects.filter(kind="volunteers_activity_changed").exists()
    entry = AuditEntry.objects.get(action="volunteers.activity_updated", target_id=str(finished_patrol.pk))
    assert entry.data == {"title": ["路口劝到", "路口文明劝导"], "lat": [None, "30.612300"], "lng": [None, "104.153400"]}
    (row,) = client_for(street_admin).get("/staff/audit/", {"action": "volunteers.activity_updated"}).context["rows"]
    # As a set: PostgreSQL keeps the entry's JSON keys in its own order (jsonb), SQLite in the written one.
    assert {c.label for c in row["changes"]} == {"名称", "纬度", "经度"}


def test_trying_to_change_the_time_of_a_finished_activity_is_refused_saying_why(staff, finished_patrol):
    later = timezone.localtime(finished_patrol.ends_at + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")

    # A page that sends the time all the same (no "kept": as if drawn before it was finished).
    response = staff.post(
        f"/staff/activities/{finished_patrol.pk}/edit/",
        edit_form(finished_patrol, title="路口文明劝导", ends_at=later, signup_deadline=""),
    )

    assert response.status_code == 200
    refused = response.content.decode()
    assert TIME_ZH in refused
    assert " disabled" in control(refused, "ends_at")
    saved = Activity.objects.get(pk=finished_patrol.pk)
    assert (saved.title, saved.ends_at) == ("路口劝到", finished_patrol.ends_at)
    assert not AuditEntry.objects.filter(action="volunteers.activity_updated").exists()


def test_its_category_rule_and_state_stay_as_they_were(staff, finished_patrol):
    for change in ({"category": "cleanup"}, {"state": "published"}):
        response = staff.post(f"/staff/activities/{finished_patrol.pk}/edit/", edit_form(finished_patrol, **change))
        assert response.status_code == 200, change
        assert FINISHED_ZH_START in response.content.decode(), change
    saved = Activity.objects.get(pk=finished_patrol.pk)
    assert (saved.category, saved.state) == (finished_patrol.category, Activity.State.FINISHED)


def test_the_api_corrects_a_finished_activitys_title_and_refuses_its_end(api_for, reviewer, finished_patrol):
    api = api_for(reviewer)
    url = f"/api/v1/activities/{finished_patrol.pk}/"

    corrected = api.patch(url, {"title": "路口文明劝导"}, format="json")
    assert (corrected.status_code, corrected.json()["title"]) == (200, "路口文明劝导")
    later = timezone.localtime(finished_patrol.ends_at + timedelta(hours=1)).isoformat()
    refused = api.patch(url, {"ends_at": later}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert (refused.status_code, refused.json()["code"], refused.json()["message"]) == (409, "wrong_state", TIME_EN)
    assert Activity.objects.get(pk=finished_patrol.pk).ends_at == finished_patrol.ends_at


def test_a_cancelled_activity_still_cannot_be_edited(client_for, reviewer):
    activity = ActivityFactory(title="周末清扫")
    client = client_for(reviewer)
    client.post(f"/staff/activities/{activity.pk}/cancel/", {"reason": "暴雨预警"})

    page = client.get(f"/staff/activities/{activity.pk}/edit/").content.decode()
    client.post(f"/staff/activities/{activity.pk}/edit/", edit_form(activity, title="改名"))

    assert 'data-testid="not-editable"' in page
    assert f'href="/staff/activities/{activity.pk}/edit/"' not in client.get(f"/staff/activities/{activity.pk}/").content.decode()
    assert Activity.objects.get(pk=activity.pk).title == "周末清扫"
