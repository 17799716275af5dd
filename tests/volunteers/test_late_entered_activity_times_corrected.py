"""Yesterday morning's patrol (9:00–11:00) was entered by staff afterwards (recorded_after_start),
paying 10 points an hour, and the end was typed 21:00. Nobody has been checked in yet. Until now the
edit form kept the time read-only once the activity had ended, so every rider then checked in was
paid for twelve hours instead of two.

Check-in pays (services.attendance_record), not finishing: each rider's claim is dated by the start
and, under a per-hour rule, counts the activity's hours as they are at that moment. So the start and
end of an activity entered after it started may be corrected after its end until a rider has
checked in, or it is finished (services.kept_fields): within 7 days of the start and no later than
now, audited as any edit, told to nobody. Once someone is paid by the time, or it is finished, the
time is kept, saying why. An activity announced ahead keeps its time after the end as before
(test_staff_edit_after_the_end.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points.models import Claim, Rule
from tests.points.factories import RuleFactory
from tests.volunteers.test_activity_entered_after_it_started import FMT, form_data, walk_in
from tests.volunteers.test_late_entered_activity_corrected_after_the_end import PLACES_ZH, TIME_EN, TIME_ZH, control, edit_page
from volunteers import errors, services
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

NOTE_ZH = (
    "此活动在开始后录入，还没有骑手签到：开始和结束时间仍可更正，开始时间须在 7 天之内，且都不能晚于现在。"
    "一旦有骑手签到并获得积分，或活动已完成，时间就不能再改。"
)
NOTE_EN = (
    "Entered after it started, and nobody has checked in yet: its start and end can still be corrected, within 7"
    " days of the start and no later than now. Once a rider is checked in and paid by them, or the activity is"
    " finished, they are kept."
)
FUTURE_ZH = "活动已结束：更正后的时间也必须已经过去，不能晚于现在。"
FUTURE_EN = "This activity has ended: a corrected time must have passed too, no later than now."
FINISHED_ZH = "活动已结束，不能再更改时间或名额：骑手的报名、签到和积分都以此为准。名称、简介、地点和地图定位仍可更正。"


def local(moment) -> str:
    return timezone.localtime(moment).strftime(FMT)


@pytest.fixture
def nine():
    return timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)


@pytest.fixture
def patrol(staff, nine):
    """Entered afterwards, 9:00 to 21:00 by mistake (it was 9:00–11:00), at 10 points an hour."""
    hourly = RuleFactory(name="劝导时长", points=10, unit=Rule.Unit.HOUR, rider_claimable=False)
    sent = form_data(nine, nine + timedelta(hours=12), title="路口劝导", rule=str(hourly.pk))
    assert staff.post("/staff/activities/new/", sent).status_code == 302
    activity = Activity.objects.get()
    assert activity.recorded_after_start and activity.hours == 12
    return activity


def test_staff_correct_the_mistyped_end_and_the_riders_then_checked_in_are_paid_two_hours(
    staff, client_for, street_admin, rider, patrol, nine
):
    page, sent = edit_page(staff, patrol)
    for name in ("starts_at", "ends_at"):
        assert " disabled" not in control(page, name), name
    assert " disabled" in control(page, "capacity") and PLACES_ZH in page
    assert NOTE_ZH in page  # why the time is still open, and until when
    assert 'id="activity-past-note"' not in page  # "you can still enter it" is for a new one

    response = staff.post(f"/staff/activities/{patrol.pk}/edit/", sent | {"ends_at": local(nine + timedelta(hours=2))})

    assert response.status_code == 302
    saved = Activity.objects.get(pk=patrol.pk)
    assert (saved.starts_at, saved.ends_at, saved.hours) == (nine, nine + timedelta(hours=2), 2)
    assert saved.state == Activity.State.PUBLISHED and saved.recorded_after_start
    entry = AuditEntry.objects.get(action="volunteers.activity_updated", target_id=str(patrol.pk))
    assert entry.actor_id is not None
    assert list(entry.data) == ["ends_at"]
    (row,) = client_for(street_admin).get("/staff/audit/", {"action": "volunteers.activity_updated"}).context["rows"]
    assert [(c.label, c.before, c.after) for c in row["changes"]] == [
        ("结束时间", local(nine + timedelta(hours=12)).replace("T", " "), local(nine + timedelta(hours=2)).replace("T", " "))
    ]
    assert not Notification.objects.filter(kind="volunteers_activity_changed").exists()

    walk_in(staff, saved, rider)  # checked in afterwards: paid for the two hours it lasted

    assert list(Claim.objects.filter(rider=rider).values_list("points", "occurred_at")) == [(20, nine)]


def test_a_start_corrected_to_an_earlier_time_takes_the_sign_up_deadline_with_it(staff, nine):
    """Entered as 10:00–11:00 with the deadline left out (it is the start), really 9:00: the
    deadline, kept after the end, follows the start (sign-up was never open)."""
    staff.post("/staff/activities/new/", form_data(nine + timedelta(hours=1), nine + timedelta(hours=2)))
    activity = Activity.objects.get()
    _page, sent = edit_page(staff, activity)

    response = staff.post(f"/staff/activities/{activity.pk}/edit/", sent | {"starts_at": local(nine)})

    assert response.status_code == 302
    saved = Activity.objects.get(pk=activity.pk)
    assert (saved.starts_at, saved.signup_deadline, saved.hours) == (nine, nine, 2)
    entry = AuditEntry.objects.get(action="volunteers.activity_updated")
    assert set(entry.data) == {"starts_at", "signup_deadline"}


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_nonsense_times_are_refused_by_their_fields_and_what_was_typed_stays(staff, patrol, nine, lang):
    staff.cookies["django_language"] = lang
    _page, sent = edit_page(staff, patrol)
    future = FUTURE_ZH if lang == "zh-hans" else FUTURE_EN
    before_start = "结束时间必须晚于开始时间。" if lang == "zh-hans" else "The activity must end after it starts."
    cases = [
        ({"ends_at": local(nine - timedelta(hours=1))}, {"ends_at": [before_start]}),
        ({"ends_at": local(timezone.now() + timedelta(hours=3))}, {"ends_at": [future]}),
        (
            {"starts_at": local(timezone.now() + timedelta(hours=1)), "ends_at": local(timezone.now() + timedelta(hours=3))},
            {"starts_at": [future], "ends_at": [future]},
        ),
    ]
    for change, said in cases:
        response = staff.post(f"/staff/activities/{patrol.pk}/edit/", sent | change | {"title": "路口文明劝导"})

        assert response.status_code == 200, change
        form = response.context["form"]
        assert form.errors == said, change
        assert 'value="路口文明劝导"' in response.content.decode()  # the title typed stays, to send again
    too_old = staff.post(f"/staff/activities/{patrol.pk}/edit/", sent | {"starts_at": local(nine - timedelta(days=7))})
    assert list(too_old.context["form"].errors) == ["starts_at"]
    saved = Activity.objects.get(pk=patrol.pk)
    assert (saved.title, saved.starts_at, saved.ends_at) == ("路口劝导", patrol.starts_at, patrol.ends_at)
    assert not AuditEntry.objects.filter(action="volunteers.activity_updated").exists()


def test_the_note_reads_in_english(staff, patrol):
    staff.cookies["django_language"] = "en"

    page = staff.get(f"/staff/activities/{patrol.pk}/edit/").content.decode()

    assert NOTE_EN in page and NOTE_ZH not in page


def test_once_a_rider_has_been_paid_by_the_time_it_is_kept_saying_why(staff, rider, patrol, nine):
    """A page opened before the check-in, sent after it: refused with why, nothing saved; the form
    now draws the time read-only with that reason and no longer says it may be corrected."""
    _page, sent = edit_page(staff, patrol)
    walk_in(staff, patrol, rider)

    response = staff.post(f"/staff/activities/{patrol.pk}/edit/", sent | {"ends_at": local(nine + timedelta(hours=2))})

    assert response.status_code == 200
    page = response.content.decode()
    assert TIME_ZH in page and NOTE_ZH not in page
    assert " disabled" in control(page, "ends_at")
    assert Activity.objects.get(pk=patrol.pk).ends_at == patrol.ends_at
    assert list(Claim.objects.filter(rider=rider).values_list("points", flat=True)) == [120]
    with pytest.raises(errors.WrongState) as refused:
        services.activity_update(actor=patrol.created_by, activity=patrol, ends_at=nine + timedelta(hours=2))
    assert refused.value.message in (TIME_ZH, TIME_EN)


def test_once_it_is_finished_the_time_is_kept(staff, patrol, nine):
    """A page opened before finishing, sent after it: refused with why; the form then draws the
    time read-only, as any finished activity's."""
    _page, sent = edit_page(staff, patrol)
    staff.post(f"/staff/activities/{patrol.pk}/finish/", {"confirm": "yes"})
    assert Activity.objects.get(pk=patrol.pk).state == Activity.State.FINISHED

    response = staff.post(
        f"/staff/activities/{patrol.pk}/edit/", sent | {"ends_at": local(nine + timedelta(hours=2)), "state": "finished"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert " disabled" in control(page, "ends_at") and FINISHED_ZH in page and NOTE_ZH not in page
    assert Activity.objects.get(pk=patrol.pk).ends_at == patrol.ends_at


def test_the_audit_trail_says_it_was_entered_after_it_started(client_for, street_admin, patrol):
    (row,) = client_for(street_admin).get("/staff/audit/", {"action": "volunteers.activity_created"}).context["rows"]

    assert ("开始后录入", "是") in [(c.label, c.after) for c in row["changes"]]


def test_the_api_says_it_was_entered_after_it_started_and_corrects_its_end(api_for, reviewer, patrol, nine):
    api = api_for(reviewer)
    url = f"/api/v1/activities/{patrol.pk}/"
    assert api.get(url).json()["recorded_after_start"] is True

    corrected = api.patch(url, {"ends_at": timezone.localtime(nine + timedelta(hours=2)).isoformat()}, format="json")

    assert corrected.status_code == 200, corrected.json()
    assert (corrected.json()["hours"], corrected.json()["recorded_after_start"]) == ("2.0", True)
    refused = api.patch(
        url, {"ends_at": (timezone.now() + timedelta(hours=1)).isoformat()}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 400
    assert refused.json()["fields"] == {"ends_at": [FUTURE_EN]}


def test_the_schema_declares_it(client):
    schemas = client.get("/api/schema/?format=json").json()["components"]["schemas"]

    output = schemas["ActivityOutput"]
    assert output["properties"]["recorded_after_start"]["type"] == "boolean"
    assert "recorded_after_start" in output["required"]
