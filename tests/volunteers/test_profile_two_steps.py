"""Leaving the 帮帮龘 team and withdrawing the party declaration take two steps: the profile's
button opens a page that says what follows, and only that page's form acts. A gloved tap, an
old page's form or a bare POST never leaves the team or deletes the declaration."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from volunteers import services
from volunteers.models import PartyDeclaration, TeamMembership

pytestmark = pytest.mark.django_db

PROFILE = reverse("profile")
LEAVE = reverse("volunteers:team_leave")
WITHDRAW = reverse("volunteers:party_withdraw")


@pytest.fixture
def member(rider, street_admin):
    services.team_decide(actor=street_admin, membership=services.team_request(rider=rider), accept=True)
    return rider


@pytest.fixture
def declared(rider):
    return PartyDeclaration.objects.create(
        rider=rider, organisation="成龙路社区党支部", consent_version="2026-12", consented_at=timezone.now()
    )


def status_of(rider) -> str:
    return TeamMembership.objects.get(rider=rider).status


# --- leaving the team ---------------------------------------------------------------------------


def test_the_profiles_leave_button_opens_a_question_and_does_not_leave(client_for, member):
    signed_in = client_for(member)
    profile = signed_in.get(PROFILE).content.decode()
    assert f'href="{LEAVE}" data-testid="team-leave"' in profile
    assert f'action="{LEAVE}"' not in profile  # no form on the profile that leaves in one tap

    page = signed_in.get(LEAVE)

    html = page.content.decode()
    assert page.status_code == 200
    assert "确定退出帮帮龘志愿队吗？" in html
    assert "不能再报名仅限志愿队队员的活动" in html and "志愿服务记录、时长和积分保持不变" in html
    assert html.index('data-testid="confirm-back"') < html.index('data-testid="confirm"')
    assert status_of(member) == TeamMembership.Status.MEMBER


def test_one_post_without_the_confirmation_asks_instead_of_leaving(client_for, member):
    page = client_for(member).post(LEAVE, follow=True)

    assert page.redirect_chain == [(LEAVE, 302)]
    assert "确定退出帮帮龘志愿队吗？" in page.content.decode()
    assert status_of(member) == TeamMembership.Status.MEMBER


def test_confirming_leaves_the_team(client_for, member):
    signed_in = client_for(member)
    question = signed_in.get(LEAVE).content.decode()
    assert 'name="confirm" value="yes"' in question

    page = signed_in.post(LEAVE, {"confirm": "yes"}, follow=True)

    assert page.redirect_chain == [(PROFILE, 302)]
    assert "您已退出志愿队。" in page.content.decode()
    assert status_of(member) == TeamMembership.Status.LEFT
    assert 'data-testid="team-leave"' not in page.content.decode()


def test_a_rider_outside_the_team_has_nothing_to_leave(client_for, rider):
    page = client_for(rider).get(LEAVE)

    assert page.status_code == 302 and page["Location"] == PROFILE


def test_another_rider_cannot_make_a_member_leave(client_for, member, other_rider):
    client_for(other_rider).post(LEAVE, {"confirm": "yes"})

    assert status_of(member) == TeamMembership.Status.MEMBER


# --- withdrawing the party declaration ----------------------------------------------------------


def test_the_profiles_withdraw_button_opens_a_question_and_keeps_the_declaration(client_for, rider, declared):
    signed_in = client_for(rider)
    profile = signed_in.get(PROFILE).content.decode()
    assert f'href="{WITHDRAW}" data-testid="party-withdraw"' in profile

    html = signed_in.get(WITHDRAW).content.decode()

    assert "确定撤回党员身份申报吗？" in html and "不保留任何副本" in html
    assert PartyDeclaration.objects.filter(rider=rider).exists()


def test_one_post_without_the_confirmation_keeps_the_declaration(client_for, rider, declared):
    page = client_for(rider).post(WITHDRAW, follow=True)

    assert page.redirect_chain == [(WITHDRAW, 302)]
    assert PartyDeclaration.objects.filter(rider=rider).exists()


def test_confirming_withdraws_the_declaration(client_for, rider, declared):
    page = client_for(rider).post(WITHDRAW, {"confirm": "yes"}, follow=True)

    assert "已撤回同意" in page.content.decode()
    assert not PartyDeclaration.objects.filter(rider=rider).exists()


def test_without_a_declaration_there_is_nothing_to_withdraw(client_for, rider):
    page = client_for(rider).get(WITHDRAW)

    assert page.status_code == 302 and page["Location"] == PROFILE
