"""A rider's volunteer side of /profile/: their own details, the 帮帮龘 team, the micro-grid
appointment and the party declaration with its own consent."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.venues.factories import CommunityFactory
from volunteers import services
from volunteers.models import GridAppointment, PartyDeclaration, RiderProfile, TeamMembership

pytestmark = pytest.mark.django_db

PROFILE = reverse("profile")
EDIT = reverse("volunteers:profile_edit")
PARTY = reverse("volunteers:party_declare")
WITHDRAW = reverse("volunteers:party_withdraw")
RECORD = reverse("volunteers:record")


def badges_on(client, url: str) -> list[str]:
    html = client.get(url).content.decode()
    return [code for code in ("party_member", "grid_member", "team_member") if f'data-badge="{code}"' in html]


# --- the rider's own details --------------------------------------------------------------------


def test_a_rider_edits_their_name_platform_work_type_and_community(client_for, rider):
    community = CommunityFactory(name="成龙路社区")
    signed_in = client_for(rider)

    page = signed_in.post(
        EDIT,
        {"display_name": "张骑手", "platform": "饿了么", "work_type": "courier", "home_community": community.pk},
        follow=True,
    )

    rider.refresh_from_db()
    assert (rider.display_name, rider.platform, rider.work_type) == ("张骑手", "饿了么", "courier")
    assert RiderProfile.objects.get(rider=rider).home_community == community
    html = page.content.decode()
    assert "资料已保存" in html and "成龙路社区" in html


def test_the_edit_form_starts_from_the_riders_details(client_for, rider):
    html = client_for(rider).get(EDIT).content.decode()

    assert 'value="张小骑"' in html and 'value="美团"' in html


def test_control_characters_in_the_name_are_refused(client_for, rider):
    page = client_for(rider).post(EDIT, {"display_name": "张\x00骑", "platform": "", "work_type": "", "home_community": ""})

    assert page.status_code == 200
    rider.refresh_from_db()
    assert rider.display_name == "张小骑"


def test_a_home_community_id_that_is_no_number_is_a_form_error(client_for, rider):
    page = client_for(rider).post(
        EDIT, {"display_name": "张小骑", "platform": "", "work_type": "", "home_community": "99999999999999999999999"}
    )

    assert page.status_code == 200
    assert 'name="home_community"' in page.content.decode()


def test_staff_have_no_volunteer_panel(client_for, reviewer):
    html = client_for(reviewer).get(PROFILE).content.decode()

    assert 'data-testid="volunteer-panel"' not in html


# --- the team -----------------------------------------------------------------------------------


def test_a_rider_asks_to_join_the_team_and_waits(client_for, rider):
    page = client_for(rider).post(reverse("volunteers:team_request"), follow=True)

    html = page.content.decode()
    assert TeamMembership.objects.get(rider=rider).status == TeamMembership.Status.REQUESTED
    assert "申请已提交，等待街道办审核" in html
    assert 'data-testid="team-join"' not in html


def test_asking_twice_is_refused_with_a_message(client_for, rider):
    signed_in = client_for(rider)
    signed_in.post(reverse("volunteers:team_request"))

    page = signed_in.post(reverse("volunteers:team_request"), follow=True)

    assert 'class="msg error"' in page.content.decode()
    assert TeamMembership.objects.filter(rider=rider).count() == 1


def test_an_accepted_member_shows_the_team_badge_and_can_leave(client_for, rider, street_admin):
    membership = services.team_request(rider=rider)
    services.team_decide(actor=street_admin, membership=membership, accept=True)
    signed_in = client_for(rider)

    assert badges_on(signed_in, PROFILE) == ["team_member"]
    assert badges_on(signed_in, RECORD) == ["team_member"]
    # Leaving is the panel's last button, styled as a consequence, not the first one a thumb meets.
    panel = signed_in.get(PROFILE).content.decode()
    assert panel.index(reverse("volunteers:record")) < panel.index('data-testid="team-leave"')
    assert f'class="button danger" href="{reverse("volunteers:team_leave")}" data-testid="team-leave"' in panel

    signed_in.post(reverse("volunteers:team_leave"), {"confirm": "yes"})  # the confirmation page's form

    assert TeamMembership.objects.get(rider=rider).status == TeamMembership.Status.LEFT
    assert badges_on(signed_in, PROFILE) == []


# --- the micro-grid appointment -----------------------------------------------------------------


def test_a_micro_grid_member_sees_the_appointment_and_the_certificate_link(client_for, rider, street_admin):
    services.grid_appoint(
        actor=street_admin, rider=rider, area="成龙路第3网格", appointed_on=date(2026, 3, 1), certificate_number="CL-WG-003"
    )

    html = client_for(rider).get(PROFILE).content.decode()

    assert "成龙路第3网格" in html and "CL-WG-003" in html
    assert reverse("volunteers:grid_certificate") in html
    assert 'data-badge="grid_member"' in html


# --- the party declaration ----------------------------------------------------------------------


def test_the_consent_says_what_is_shown_to_whom(client_for, rider):
    html = client_for(rider).get(PARTY).content.decode()

    assert 'name="consent"' in html
    for words in ("“党员”标识", "我本人的页面", "工作人员名单和活动名册", "街道办工作人员查看", "随时撤回", "不保留任何副本"):
        assert words in html


def test_without_the_consent_nothing_is_declared(client_for, rider):
    page = client_for(rider).post(PARTY, {"organisation": "成龙路社区党支部"})

    assert page.status_code == 200
    assert not PartyDeclaration.objects.filter(rider=rider).exists()


def test_the_party_badge_shows_only_with_consent_and_confirmation_and_vanishes_on_withdrawal(client_for, rider, street_admin):
    signed_in = client_for(rider)

    signed_in.post(PARTY, {"organisation": "成龙路社区党支部", "consent": "on"})
    declaration = PartyDeclaration.objects.get(rider=rider)
    assert declaration.organisation == "成龙路社区党支部"
    assert "等待街道办确认" in signed_in.get(PROFILE).content.decode()
    assert "party_member" not in badges_on(signed_in, PROFILE)  # consented, not yet confirmed

    services.party_confirm(actor=street_admin, declaration=declaration)
    assert "party_member" in badges_on(signed_in, PROFILE)
    assert "party_member" in badges_on(signed_in, RECORD)

    page = signed_in.post(WITHDRAW, {"confirm": "yes"}, follow=True)  # the confirmation page's form

    assert "已撤回同意" in page.content.decode()
    assert not PartyDeclaration.objects.filter(rider=rider).exists()  # no copy kept
    assert "party_member" not in badges_on(signed_in, PROFILE)
    assert "party_member" not in badges_on(signed_in, RECORD)
    assert "成龙路社区党支部" not in signed_in.get(PROFILE).content.decode()


def test_changing_the_organisation_needs_confirming_again(client_for, rider, street_admin):
    signed_in = client_for(rider)
    signed_in.post(PARTY, {"organisation": "甲支部", "consent": "on"})
    services.party_confirm(actor=street_admin, declaration=PartyDeclaration.objects.get(rider=rider))

    signed_in.post(PARTY, {"organisation": "乙支部", "consent": "on"})

    declaration = PartyDeclaration.objects.get(rider=rider)
    assert (declaration.organisation, declaration.confirmed_at) == ("乙支部", None)
    assert "party_member" not in badges_on(signed_in, PROFILE)


def test_another_riders_declaration_is_not_shown_on_my_pages(client_for, rider, other_rider, street_admin):
    declaration = PartyDeclaration.objects.create(
        rider=other_rider, organisation="丙支部", consent_version="2026-12", consented_at=timezone.now()
    )
    services.party_confirm(actor=street_admin, declaration=declaration)

    signed_in = client_for(rider)

    assert badges_on(signed_in, PROFILE) == []
    assert "丙支部" not in signed_in.get(PARTY).content.decode()


def test_a_grid_appointment_that_ended_is_no_longer_shown(client_for, rider):
    GridAppointment.objects.create(
        rider=rider, area="旧网格", appointed_on=date(2025, 1, 1), ended_on=date(2025, 12, 31), certificate_number="OLD-1"
    )

    html = client_for(rider).get(PROFILE).content.decode()

    assert 'data-badge="grid_member"' not in html
    assert reverse("volunteers:grid_certificate") not in html
