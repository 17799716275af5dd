"""A rider browses the volunteer activities, signs up (or joins the waitlist), cancels, adds an
activity to the phone's calendar and shows their check-in QR."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from tests.factories import RiderFactory
from tests.html import text_of
from tests.venues.factories import VenueFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import services
from volunteers.models import Activity, Signup, TeamMembership
from volunteers.views.rider import ics_escape, ics_fold

pytestmark = pytest.mark.django_db

LIST = reverse("volunteers:activity_list")


def detail(activity) -> str:
    return reverse("volunteers:activity_detail", args=[activity.pk])


def signup_url(activity) -> str:
    return reverse("volunteers:activity_signup", args=[activity.pk])


def cancel_url(activity) -> str:
    return reverse("volunteers:activity_cancel_signup", args=[activity.pk])


def status_of(rider, activity) -> str:
    return Signup.objects.get(rider=rider, activity=activity).status


# --- the list -----------------------------------------------------------------------------------


def test_visitor_sees_upcoming_published_activities_soonest_first(client):
    later = ActivityFactory(title="消防通道巡查", starts_at=timezone.now() + timedelta(days=5))
    sooner = ActivityFactory(title="敬老院探访", starts_at=timezone.now() + timedelta(days=1))
    ActivityFactory(title="草稿活动", state=Activity.State.DRAFT)
    ActivityFactory(title="已取消活动", state=Activity.State.CANCELLED)
    ActivityFactory(title="上周的活动", starts_at=timezone.now() - timedelta(days=7))

    page = client.get(LIST)

    html = page.content.decode()
    assert page.status_code == 200
    assert html.index(sooner.title) < html.index(later.title)
    assert "草稿活动" not in html and "已取消活动" not in html and "上周的活动" not in html


def test_the_list_shows_places_left_and_the_waitlist(client, rider, other_rider):
    full = ActivityFactory(title="满员活动", capacity=1)
    SignupFactory(activity=full, rider=rider)
    SignupFactory(activity=full, rider=other_rider, status=Signup.Status.WAITLISTED)
    ActivityFactory(title="宽松活动", capacity=10)

    html = client.get(LIST).content.decode()

    assert "已满" in html and "1 人候补" in html
    assert "剩余 10 个名额" in html


def test_a_rider_sees_which_activities_they_signed_up_for(client_for, rider, activity):
    SignupFactory(activity=activity, rider=rider)
    ActivityFactory(title="别的活动")

    page = client_for(rider).get(LIST)

    assert page.content.decode().count('data-testid="my-status"') == 1


def test_mine_lists_only_the_riders_own_activities(client_for, rider, other_rider, activity):
    SignupFactory(activity=activity, rider=rider)
    SignupFactory(activity=ActivityFactory(title="别人的活动"), rider=other_rider)
    cancelled = ActivityFactory(title="取消了的报名")
    SignupFactory(activity=cancelled, rider=rider, status=Signup.Status.CANCELLED)

    html = client_for(rider).get(LIST + "?mine=1").content.decode()

    assert activity.title in html
    assert "别人的活动" not in html and "取消了的报名" not in html


def test_a_visitor_asking_for_their_activities_is_asked_to_sign_in(client):
    page = client.get(LIST + "?mine=1")

    assert page.status_code == 302 and "/login/" in page["Location"]


def test_the_list_costs_the_same_few_queries_for_ten_activities(client, client_for, rider, django_assert_num_queries):
    for i in range(10):
        SignupFactory(activity=ActivityFactory(title=f"活动{i}"), rider=RiderFactory())
    signed_in = client_for(rider)

    with django_assert_num_queries(1):  # the activities with their places
        client.get(LIST)
    # + the user (the session is in the cache), the role's permissions, the rider's sign-ups
    # of these activities, the bell's unread count
    with django_assert_num_queries(5):
        signed_in.get(LIST)


# --- the detail page ----------------------------------------------------------------------------


def test_the_detail_page_shows_place_times_capacity_and_team_only(client):
    venue = VenueFactory(name="成龙路暖新驿站")
    activity = ActivityFactory(title="文明实践", venue=venue, place="二楼活动室", capacity=12, team_only=True)

    html = client.get(detail(activity)).content.decode()

    assert reverse("venues:venue_detail", args=[venue.pk]) in html
    assert "二楼活动室" in html
    assert "剩余 12 / 共 12 个名额" in html
    assert 'data-testid="team-only"' in html
    assert "uri.amap.com/marker" in html  # the venue's pin
    assert timezone.localtime(activity.starts_at).strftime("%Y-%m-%d") in html


def test_a_free_text_place_with_a_map_pin_links_to_the_maps(client):
    activity = ActivityFactory(place="府河边步道", lat="30.650000", lng="104.120000")

    html = client.get(detail(activity)).content.decode()

    assert "府河边步道" in html
    assert "104.120000,30.650000" in html


def test_a_draft_is_not_found_by_riders_but_staff_who_run_activities_see_it(client_for, rider, reviewer):
    draft = ActivityFactory(state=Activity.State.DRAFT)

    assert client_for(rider).get(detail(draft)).status_code == 404
    assert client_for(reviewer).get(detail(draft)).status_code == 200


def test_a_visitor_is_invited_to_sign_in_to_sign_up(client, activity):
    html = client.get(detail(activity)).content.decode()

    assert "登录后报名" in html
    assert 'data-testid="signup"' not in html


def test_a_visitor_is_told_before_signing_in_that_the_activity_is_full_or_for_the_team(client, other_rider):
    full = ActivityFactory(capacity=1)
    SignupFactory(activity=full, rider=other_rider)
    html = client.get(detail(full)).content.decode()
    assert text_of(html, "sign-in-to-sign-up") == "登录后加入候补"

    team = ActivityFactory(team_only=True)
    html = client.get(detail(team)).content.decode()
    assert text_of(html, "team-only-notice") == "这个活动仅限“帮帮龘”志愿队队员参加。"
    assert text_of(html, "sign-in-to-sign-up") == "登录后报名"  # a member signs in and signs up


def test_signing_up_comes_before_adding_to_the_calendar(client_for, rider, activity):
    html = client_for(rider).get(detail(activity)).content.decode()
    assert html.index('data-testid="signup"') < html.index('data-testid="ics"')


def test_the_detail_page_costs_a_fixed_number_of_queries(client, client_for, rider, activity, django_assert_num_queries):
    SignupFactory(activity=activity, rider=rider)
    signed_in = client_for(rider)

    with django_assert_num_queries(1):  # the activity with its places (and venue, rule)
        client.get(detail(activity))
    # + the user, the role's permissions, the rider's sign-up, overlapping activities, the bell
    with django_assert_num_queries(6):
        signed_in.get(detail(activity))


# --- signing up ---------------------------------------------------------------------------------


def test_a_rider_signs_up_and_sees_their_check_in_qr(client_for, rider, activity):
    page = client_for(rider).post(signup_url(activity), follow=True)

    html = page.content.decode()
    assert status_of(rider, activity) == Signup.Status.REGISTERED
    assert "报名成功" in html
    assert 'data-testid="checkin-qr"' in html and "<svg" in html
    assert 'data-testid="cancel-signup"' in html
    assert Notification.objects.filter(recipient=rider, kind="volunteers_signup_registered").count() == 1


def test_beyond_capacity_a_rider_joins_the_waitlist_and_sees_their_position(client_for, rider, other_rider):
    activity = ActivityFactory(capacity=1)
    SignupFactory(activity=activity, rider=other_rider)

    page = client_for(rider).post(signup_url(activity), follow=True)

    html = page.content.decode()
    assert status_of(rider, activity) == Signup.Status.WAITLISTED
    assert "候补名单第 1 位" in html
    assert "候补第 1 位" in html
    assert 'data-testid="checkin-qr"' not in html  # no place, no check-in code


def test_when_a_rider_cancels_the_first_on_the_waitlist_moves_up(client_for, rider, other_rider):
    activity = ActivityFactory(capacity=1)
    SignupFactory(activity=activity, rider=rider)
    SignupFactory(activity=activity, rider=other_rider, status=Signup.Status.WAITLISTED)

    page = client_for(rider).post(cancel_url(activity), follow=True)

    assert "已取消报名" in page.content.decode()
    assert status_of(rider, activity) == Signup.Status.CANCELLED
    assert status_of(other_rider, activity) == Signup.Status.REGISTERED
    assert Notification.objects.filter(recipient=other_rider, kind="volunteers_waitlist_promoted").count() == 1


def test_signing_up_twice_is_refused_with_a_message(client_for, rider, activity):
    SignupFactory(activity=activity, rider=rider)

    page = client_for(rider).post(signup_url(activity), follow=True)

    assert "您已经报名了这个活动" in page.content.decode()
    assert Signup.objects.filter(rider=rider, activity=activity).count() == 1


def test_an_unverified_rider_is_told_why_they_cannot_sign_up(client_for, activity):
    newcomer = RiderFactory(verification="unverified")

    page = client_for(newcomer).post(signup_url(activity), follow=True)

    assert page.status_code == 200
    assert 'class="msg error"' in page.content.decode()
    assert not Signup.objects.filter(rider=newcomer).exists()


def test_a_team_only_activity_refuses_a_rider_outside_the_team(client_for, rider, other_rider):
    activity = ActivityFactory(team_only=True)
    TeamMembership.objects.create(rider=other_rider, status=TeamMembership.Status.MEMBER, requested_at=timezone.now())

    client_for(rider).post(signup_url(activity))
    client_for(other_rider).post(signup_url(activity))

    assert not Signup.objects.filter(rider=rider).exists()
    assert status_of(other_rider, activity) == Signup.Status.REGISTERED


def test_a_rider_is_warned_of_an_overlapping_activity(client_for, rider):
    start = timezone.now() + timedelta(days=2)
    first = ActivityFactory(title="早上的清洁", starts_at=start)
    second = ActivityFactory(title="同时的巡查", starts_at=start + timedelta(hours=1))
    SignupFactory(activity=first, rider=rider)

    page = client_for(rider).post(signup_url(second), follow=True)

    html = page.content.decode()
    assert "时间重叠" in html and "早上的清洁" in html
    assert 'data-testid="overlap"' in html
    assert status_of(rider, second) == Signup.Status.REGISTERED  # a warning, not a refusal


def test_after_the_deadline_there_is_no_button_and_a_sign_up_is_refused(client_for, rider):
    start = timezone.now() + timedelta(hours=2)
    activity = ActivityFactory(starts_at=start, signup_deadline=start - timedelta(hours=3))
    signed_in = client_for(rider)

    html = signed_in.get(detail(activity)).content.decode()
    assert "报名已截止" in html and 'data-testid="signup"' not in html

    signed_in.post(signup_url(activity))
    assert not Signup.objects.filter(rider=rider).exists()


def test_cancelling_without_a_sign_up_says_so(client_for, rider, activity):
    page = client_for(rider).post(cancel_url(activity), follow=True)

    assert "您没有报名这个活动" in page.content.decode()


def test_signing_up_needs_a_post(client_for, rider, activity):
    assert client_for(rider).get(signup_url(activity)).status_code == 405


# --- the calendar file --------------------------------------------------------------------------


def test_the_calendar_file_holds_one_event_in_utc_with_escaped_text(client):
    starts = datetime(2027, 3, 6, 1, 30, tzinfo=UTC)  # 09:30 in Chengdu
    activity = ActivityFactory(
        title="清洁, 巡查; 探访",
        description="带上手套\n穿上马甲",
        place="成龙路, 1号",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        signup_deadline=starts - timedelta(days=1),
    )

    response = client.get(reverse("volunteers:activity_ics", args=[activity.pk]))

    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    unfolded = body.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert f"UID:activity-{activity.pk}@testserver" in lines
    assert "DTSTART:20270306T013000Z" in lines
    assert "DTEND:20270306T033000Z" in lines
    assert "SUMMARY:清洁\\, 巡查\\; 探访" in lines
    assert "LOCATION:成龙路\\, 1号" in lines
    assert "DESCRIPTION:带上手套\\n穿上马甲" in lines
    assert f"URL:http://testserver{detail(activity)}" in lines


def test_calendar_text_is_escaped_and_long_lines_folded_per_rfc_5545():
    assert ics_escape("a\\b,c;d\r\ne\nf") == "a\\\\b\\,c\\;d\\ne\\nf"
    line = "DESCRIPTION:" + "街" * 60
    folded = ics_fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_the_check_in_token_names_the_riders_own_sign_up(rider, activity):
    signup = SignupFactory(activity=activity, rider=rider)

    token = services.checkin_token(signup)

    assert signing.Signer(salt=services.CHECKIN_SALT).unsign(token) == str(signup.pk)


def test_a_rider_outside_the_team_is_told_how_to_join_instead_of_a_button(client_for, rider):
    activity = ActivityFactory(team_only=True)

    html = client_for(rider).get(detail(activity)).content.decode()

    assert 'data-testid="team-only-notice"' in html
    assert 'data-testid="signup"' not in html
    assert reverse("profile") in html


def test_after_check_in_the_rider_sees_it_on_the_activity(client_for, rider, reviewer, activity):
    signup = SignupFactory(activity=activity, rider=rider)
    services.attendance_record(actor=reviewer, signup=signup, attended=True)

    html = client_for(rider).get(detail(activity)).content.decode()

    assert "已签到" in html


def test_the_rider_home_links_to_the_activities_and_the_record(client_for, rider):
    html = client_for(rider).get(reverse("home")).content.decode()

    assert f'href="{LIST}"' in html
    assert f'href="{reverse("volunteers:record")}"' in html


def test_the_pages_speak_english_second(client_for, rider, activity):
    signed_in = client_for(rider)
    signed_in.cookies["django_language"] = "en"

    html = signed_in.get(detail(activity)).content.decode()

    assert "Sign up" in html and "10 of 10 left" in html
