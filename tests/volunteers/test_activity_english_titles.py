"""An activity's title is written in Chinese, with an optional English title beside it, as a
reward's (friendlystreet.names): a rider reading English sees the English title in the list, on
the activity's page, in the notices about it, on their volunteer record and in their passbook; an
activity without one shows its Chinese title. Staff write it on the activity form (and by the
API), and the API titles activities in the caller's language."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from friendlystreet.notifications.models import Notification
from tests.volunteers.factories import ActivityFactory, SignupFactory, attendance_rule, under_way
from volunteers import services
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
PATROL = "锦绣天府小区消防通道巡查"
PATROL_EN = "Fire-lane patrol at Jinxiu Tianfu"
FMT = "%Y-%m-%dT%H:%M"


@pytest.fixture
def patrol(db):
    """An activity staff gave an English title."""
    return ActivityFactory(title=PATROL, title_en=PATROL_EN)


@pytest.fixture
def visit(db):
    """An activity staff gave no English title."""
    return ActivityFactory(title="看望独居老人")


@pytest.fixture
def english_rider(rider):
    rider.language = "en"
    rider.save(update_fields=["language"])
    return rider


def page(client, url: str, language: dict = EN) -> str:
    response = client.get(url, **language)
    assert response.status_code == 200
    return response.content.decode()


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h[23]><a href="/activities/\d+/">([^<]*)</a></h[23]>', html)


def test_a_rider_reading_english_sees_the_english_title_in_the_list_and_on_the_activity_page(
    client_for, english_rider, patrol, visit
):
    rider = client_for(english_rider)

    assert sorted(card_titles(page(rider, "/activities/"))) == sorted([PATROL_EN, "看望独居老人"])
    assert sorted(card_titles(page(rider, "/activities/", ZH))) == sorted([PATROL, "看望独居老人"])
    detail = page(rider, f"/activities/{patrol.pk}/")
    assert f"<h1>{PATROL_EN}</h1>" in detail and PATROL not in detail
    assert "<h1>看望独居老人</h1>" in page(rider, f"/activities/{visit.pk}/")  # none: the Chinese one
    assert f"<h1>{PATROL}</h1>" in page(rider, f"/activities/{patrol.pk}/", ZH)
    assert f"SUMMARY:{PATROL_EN}" in page(rider, f"/activities/{patrol.pk}/calendar.ics")


def test_the_rider_is_told_in_their_language_whoever_acts(client_for, english_rider, other_rider, reviewer, patrol, visit):
    services.signup_create(rider=english_rider, activity=patrol)
    services.signup_create(rider=english_rider, activity=visit)
    services.signup_create(rider=other_rider, activity=patrol)  # reads Chinese, the site's language
    with translation.override("zh-hans"):  # staff work in Chinese
        services.activity_cancel(actor=reviewer, activity=patrol, reason="下雨")

    def notice(rider, kind, activity):
        return Notification.objects.get(recipient=rider, kind=kind, link=f"/activities/{activity.pk}/")

    assert notice(english_rider, "volunteers_signup_registered", patrol).title == f"Signed up: {PATROL_EN}"
    assert notice(english_rider, "volunteers_signup_registered", visit).title == "Signed up: 看望独居老人"
    cancelled = notice(english_rider, "volunteers_activity_cancelled", patrol)
    assert PATROL_EN in cancelled.title and PATROL_EN in cancelled.body and PATROL not in cancelled.body
    assert notice(other_rider, "volunteers_signup_registered", patrol).title == f"报名成功：{PATROL}"
    assert PATROL_EN not in notice(other_rider, "volunteers_activity_cancelled", patrol).body
    home = page(client_for(english_rider), "/home/")
    assert f"<span>Signed up: {PATROL_EN}</span>" in home


def test_the_record_and_the_passbook_name_an_attended_activity_in_english(client_for, api_for, english_rider, reviewer):
    starts = timezone.now() - timedelta(days=3)
    held = ActivityFactory(title=PATROL, title_en=PATROL_EN, starts_at=starts, ends_at=starts + timedelta(hours=2))
    with under_way(held):
        services.attendance_record(actor=reviewer, signup=SignupFactory(activity=held, rider=english_rider), attended=True)
    rider = client_for(english_rider)

    record = page(rider, reverse("volunteers:record"))
    assert re.search(rf'data-testid="record-activity"><td>[\d-]+</td><td>{PATROL_EN}</td>', record)
    assert f"<td>{PATROL}</td>" in page(rider, reverse("volunteers:record"), ZH)
    # The passbook's line (cut to fit) names it as the record does.
    assert "· Fire-lane patrol at Jinxiu" in page(rider, "/points/")
    assert "· 锦绣天府小区消防通道巡查" in page(rider, "/points/", ZH)
    today = ActivityFactory(title="看望独居老人", title_en="Visiting older people")  # checked in, not ended yet
    with translation.override("zh-hans"):
        services.attendance_record(actor=reviewer, signup=SignupFactory(activity=today, rider=english_rider), attended=True)
    app = api_for(english_rider).get("/api/v1/me/volunteer-record/", **EN).json()
    assert [a["title"] for a in app["activities"]] == [PATROL_EN]
    assert [a["title"] for a in app["pending_check_ins"]] == ["Visiting older people"]
    assert "You have checked in at “Visiting older people”" in app["pending_check_ins"][0]["text"]
    assert "You have checked in at “Visiting older people”" in page(rider, reverse("volunteers:record"))


def test_the_api_titles_activities_in_the_callers_language(api_for, english_rider, patrol, visit):
    api = api_for(english_rider)

    english = {a["id"]: a["title"] for a in api.get("/api/v1/activities/", **EN).json()["results"]}
    chinese = {a["id"]: a["title"] for a in api.get("/api/v1/activities/", **ZH).json()["results"]}

    assert english == {patrol.pk: PATROL_EN, visit.pk: "看望独居老人"}
    assert chinese == {patrol.pk: PATROL, visit.pk: "看望独居老人"}
    detail = api.get(f"/api/v1/activities/{patrol.pk}/", **EN).json()
    assert detail["title"] == PATROL_EN and "title_en" not in detail


def test_staff_give_an_activity_an_english_title_by_the_api(api_for, reviewer, patrol):
    staff = api_for(reviewer)
    starts = timezone.now() + timedelta(days=5)

    made = staff.post(
        "/api/v1/activities/",
        {
            "title": "春熙路文明劝导",
            "title_en": " Civility on Chunxi Road ",
            "category": "civility",
            "place": "春熙路口",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(),
            "signup_deadline": (starts - timedelta(days=1)).isoformat(),
            "capacity": 8,
            "rule": attendance_rule().pk,
        },
        format="json",
        **EN,
    )
    read = staff.get(f"/api/v1/activities/{patrol.pk}/", **EN).json()

    assert made.status_code == 201, made.content
    # Staff read back what they write: the Chinese title as it is, and the English one.
    assert (made.json()["title"], made.json()["title_en"]) == ("春熙路文明劝导", "Civility on Chunxi Road")
    assert (read["title"], read["title_en"]) == (PATROL, PATROL_EN)
    changed = staff.patch(f"/api/v1/activities/{patrol.pk}/", {"title_en": "Fire-lane patrol"}, format="json", **EN)
    assert changed.status_code == 200, changed.content
    patrol.refresh_from_db()
    assert (patrol.title, patrol.title_en) == (PATROL, "Fire-lane patrol")


def form_data(**overrides) -> dict:
    starts = timezone.localtime() + timedelta(days=5)
    data = {
        "title": "春熙路文明劝导",
        "title_en": "Civility on Chunxi Road",
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
        "state": "published",
    }
    data.update(overrides)
    return data


def test_staff_give_an_activity_an_english_title_on_its_form(client_for, reviewer):
    staff = client_for(reviewer)

    form = page(staff, "/staff/activities/new/")
    assert 'name="title_en"' in form
    assert "Shown to readers who chose English; leave it empty to show the Chinese name." in form
    saved = staff.post("/staff/activities/new/", form_data())

    assert saved.status_code == 302
    activity = Activity.objects.get(title="春熙路文明劝导")
    assert activity.title_en == "Civility on Chunxi Road"
    edit = page(staff, f"/staff/activities/{activity.pk}/edit/")
    assert re.search(r'name="title_en"[^>]* value="Civility on Chunxi Road"', edit)
    # Optional: emptied, English readers see the Chinese title again.
    staff.post(f"/staff/activities/{activity.pk}/edit/", form_data(title_en=""))
    activity.refresh_from_db()
    assert activity.title_en == ""
    assert "<h1>春熙路文明劝导</h1>" in page(staff, f"/activities/{activity.pk}/")


def test_a_member_taken_off_the_team_reads_the_places_given_up_in_english(english_rider, street_admin):
    membership = services.team_request(rider=english_rider)
    services.team_decide(actor=street_admin, membership=membership, accept=True)
    team_patrol = ActivityFactory(title=PATROL, title_en=PATROL_EN, team_only=True)
    services.signup_create(rider=english_rider, activity=team_patrol)

    with translation.override("zh-hans"):  # staff work in Chinese
        services.team_remove(actor=street_admin, membership=membership, note="名额调整")

    body = Notification.objects.get(recipient=english_rider, kind="volunteers_team_removed").body
    assert f"“{PATROL_EN}”" in body and PATROL not in body
