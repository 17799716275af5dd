"""Street admins run the volunteer side: team requests, team members and their record,
micro-grid appointments, party declarations to confirm. Reviewers may not (403)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from tests.factories import RiderFactory
from tests.html import section, text_of
from tests.volunteers.factories import ActivityFactory, started
from volunteers import services
from volunteers.models import GridAppointment, PartyDeclaration, TeamMembership

pytestmark = pytest.mark.django_db

PAGE = "/staff/volunteers/"


@pytest.fixture
def admin(client_for, street_admin):
    return client_for(street_admin)


def appoint_data(rider, **overrides) -> dict:
    return {
        "phone": rider.phone[3:],
        "area": "成龙路第3网格",
        "appointed_on": "2026-03-01",
        "certificate_number": "WG-2026-031",
        **overrides,
    }


def test_reviewers_get_403_on_every_volunteers_page(client_for, reviewer, rider, street_admin):
    membership = services.team_request(rider=rider)
    declaration = services.party_declare(rider=rider, organisation="成龙路街道党工委", consent=True)
    client = client_for(reviewer)
    assert client.get(PAGE).status_code == 403
    assert client.post(f"/staff/volunteers/team/{membership.pk}/", {"decision": "accept"}).status_code == 403
    assert client.post("/staff/volunteers/grid/", appoint_data(rider)).status_code == 403
    assert client.post(f"/staff/volunteers/party/{declaration.pk}/confirm/").status_code == 403
    membership.refresh_from_db()
    declaration.refresh_from_db()
    assert membership.status == "requested"
    assert declaration.confirmed_at is None
    assert not GridAppointment.objects.exists()


def test_a_request_is_accepted_and_the_rider_told(admin, rider):
    membership = services.team_request(rider=rider, note="我周末有空")
    html = admin.get(PAGE).content.decode()
    assert f'data-testid="team-request" data-rider-id="{rider.pk}"' in html
    assert "我周末有空" in html

    admin.post(f"/staff/volunteers/team/{membership.pk}/", {"decision": "accept"})

    membership.refresh_from_db()
    assert membership.status == "member" and membership.joined_at is not None
    assert Notification.objects.filter(recipient=rider, kind="volunteers_team_accepted").count() == 1
    html = admin.get(PAGE).content.decode()
    assert f'data-testid="team-request" data-rider-id="{rider.pk}"' not in html
    assert f'data-testid="team-member" data-rider-id="{rider.pk}"' in html


def test_a_request_from_a_rider_not_yet_verified_says_so_and_leads_to_verifying(admin, rider, other_rider):
    """The team is for verified riders: staff see who is not verified yet, and can check them
    first, instead of declining with "请先完成实名认证"."""
    other_rider.verification = "unverified"
    other_rider.save(update_fields=["verification"])
    services.team_request(rider=rider)
    services.team_request(rider=other_rider)
    html = admin.get(PAGE).content.decode()

    waiting = section(html, "team-request-unverified")
    assert text_of(html, "team-request-unverified") == "尚未经街道认证 · 查看并认证"
    assert f'href="/staff/riders/{other_rider.pk}/decide/"' in waiting
    assert html.count('data-testid="team-request-unverified"') == 1  # not for the verified rider


def test_a_party_declaration_from_a_rider_not_yet_verified_says_so(admin, rider, other_rider):
    other_rider.verification = "unverified"
    other_rider.save(update_fields=["verification"])
    for declarer in (rider, other_rider):
        services.party_declare(rider=declarer, organisation="成龙路街道党工委", consent=True)
    html = admin.get(PAGE).content.decode()

    assert text_of(html, "party-declaration-unverified") == "尚未经街道认证 · 查看并认证"
    assert f'href="/staff/riders/{other_rider.pk}/decide/"' in section(html, "party-declaration-unverified")
    assert html.count('data-testid="party-declaration-unverified"') == 1


def test_a_request_is_declined_with_a_note(admin, rider):
    membership = services.team_request(rider=rider)
    admin.post(f"/staff/volunteers/team/{membership.pk}/", {"decision": "decline", "note": "请先完成实名认证"})
    membership.refresh_from_db()
    assert membership.status == "declined"
    told = Notification.objects.get(recipient=rider, kind="volunteers_team_declined")
    assert "请先完成实名认证" in told.body


def test_a_request_decided_twice_says_so(admin, rider):
    membership = services.team_request(rider=rider)
    admin.post(f"/staff/volunteers/team/{membership.pk}/", {"decision": "accept"}, follow=True)
    response = admin.post(f"/staff/volunteers/team/{membership.pk}/", {"decision": "decline"}, follow=True)
    membership.refresh_from_db()
    assert membership.status == "member"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_members_show_their_join_date_and_attended_count(admin, street_admin, reviewer, rider):
    services.team_decide(actor=street_admin, membership=services.team_request(rider=rider), accept=True)
    for _ in range(2):
        activity = ActivityFactory()
        signup = services.signup_create(rider=rider, activity=activity).signup
        services.attendance_record(actor=reviewer, signup=signup, attended=True)
        started(activity, ago=timedelta(hours=3))  # ended: the count is the record's
    services.signup_create(rider=rider, activity=ActivityFactory())  # signed up, not attended

    response = admin.get(PAGE)

    (member,) = response.context["members"]
    assert member.attended == 2
    html = response.content.decode()
    assert timezone.localtime(member.joined_at).strftime("%Y-%m-%d") in html
    assert 'data-testid="attended-count">2<' in html


def test_a_micro_grid_member_is_appointed_shown_and_ended(admin, rider):
    response = admin.post("/staff/volunteers/grid/", appoint_data(rider))
    assert response.status_code == 302

    appointment = GridAppointment.objects.get(rider=rider)
    assert (appointment.area, appointment.appointed_on, appointment.certificate_number) == (
        "成龙路第3网格",
        date(2026, 3, 1),
        "WG-2026-031",
    )
    assert Notification.objects.filter(recipient=rider, kind="volunteers_grid_appointed").count() == 1
    html = admin.get(PAGE).content.decode()
    assert f'data-testid="grid-member" data-rider-id="{rider.pk}"' in html
    assert "WG-2026-031" in html and "成龙路第3网格" in html and "2026-03-01" in html

    admin.post(f"/staff/volunteers/grid/{appointment.pk}/end/")

    appointment.refresh_from_db()
    assert appointment.ended_on is not None
    assert f'data-testid="grid-member" data-rider-id="{rider.pk}"' not in admin.get(PAGE).content.decode()


def test_the_appoint_form_refuses_what_the_service_refuses(admin, rider, other_rider):
    admin.post("/staff/volunteers/grid/", appoint_data(rider))

    twice = admin.post("/staff/volunteers/grid/", appoint_data(rider, certificate_number="WG-2"))
    same_number = admin.post("/staff/volunteers/grid/", appoint_data(other_rider))
    nobody = admin.post("/staff/volunteers/grid/", appoint_data(other_rider, phone="13999999999"))
    not_a_phone = admin.post("/staff/volunteers/grid/", appoint_data(other_rider, phone="12345"))

    assert twice.context["appoint_form"].non_field_errors()
    assert same_number.context["appoint_form"].non_field_errors()
    assert "phone" in nobody.context["appoint_form"].errors
    assert "phone" in not_a_phone.context["appoint_form"].errors
    assert GridAppointment.objects.count() == 1


@pytest.mark.parametrize(
    "day, said",
    [
        (lambda today: today + timedelta(days=1), "任命记录在任命之后填写：请选择今天或更早的日期。"),
        (lambda today: date(1, 1, 1), "请输入 2000 年至 2099 年之间的日期。"),
    ],
    ids=["tomorrow", "year-1"],
)
def test_an_appointment_day_still_to_come_or_typed_wrong_is_refused(admin, rider, day, said):
    typed = day(timezone.localdate()).isoformat()

    response = admin.post("/staff/volunteers/grid/", appoint_data(rider, appointed_on=typed))

    assert response.status_code == 200
    assert response.context["appoint_form"].errors == {"appointed_on": [said]}
    assert not GridAppointment.objects.exists()
    assert not Notification.objects.filter(recipient=rider).exists()


def test_an_appointment_may_be_recorded_on_its_day(admin, rider):
    today = timezone.localdate()

    assert admin.post("/staff/volunteers/grid/", appoint_data(rider, appointed_on=today.isoformat())).status_code == 302
    assert GridAppointment.objects.get(rider=rider).appointed_on == today


def test_a_staff_member_cannot_be_appointed_as_a_rider(admin, reviewer):
    reviewer.phone = "+8613900000777"
    reviewer.save()
    response = admin.post("/staff/volunteers/grid/", appoint_data(reviewer))
    assert "phone" in response.context["appoint_form"].errors


def test_a_party_declaration_is_confirmed(admin, rider):
    declaration = services.party_declare(rider=rider, organisation="成龙路街道党工委", consent=True)
    html = admin.get(PAGE).content.decode()
    assert f'data-testid="party-declaration" data-rider-id="{rider.pk}"' in html
    assert "成龙路街道党工委" in html

    admin.post(f"/staff/volunteers/party/{declaration.pk}/confirm/")

    declaration.refresh_from_db()
    assert declaration.confirmed_at is not None
    html = admin.get(PAGE).content.decode()
    assert f'data-testid="party-declaration" data-rider-id="{rider.pk}"' not in html


def test_a_withdrawn_declaration_vanishes_from_the_page_and_cannot_be_confirmed(admin, rider):
    declaration = services.party_declare(rider=rider, organisation="成龙路街道党工委", consent=True)
    services.party_withdraw(rider=rider)

    assert "成龙路街道党工委" not in admin.get(PAGE).content.decode()
    assert admin.post(f"/staff/volunteers/party/{declaration.pk}/confirm/").status_code == 404
    assert not PartyDeclaration.objects.exists()


def test_the_page_queries_do_not_grow_with_the_volunteers(admin, street_admin):
    def count() -> int:
        admin.get(PAGE)
        with CaptureQueriesContext(connection) as ctx:
            assert admin.get(PAGE).status_code == 200
        return len([q for q in ctx.captured_queries if "volunteers_" in q["sql"]])

    def add(n: int, start: int) -> None:
        for i in range(n):
            rider = RiderFactory()
            services.team_decide(actor=street_admin, membership=services.team_request(rider=rider), accept=True)
            services.team_request(rider=RiderFactory())
            services.party_declare(rider=rider, organisation="党支部", consent=True)
            services.grid_appoint(
                actor=street_admin, rider=rider, area="网格", appointed_on=date(2026, 1, 1), certificate_number=f"WG-{start + i}"
            )

    add(1, 0)
    small = count()
    add(6, 100)
    # Requests, members (with their attended count and profile), micro-grid members, party
    # declarations, and the three badge sources for all of them together.
    assert count() == small == 7
    assert TeamMembership.objects.filter(status="member").count() == 7
