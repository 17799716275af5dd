"""The volunteers page can undo as well as accept: a street admin takes a member off the 帮帮龘
team (移出志愿队) or rejects a party declaration (驳回申报), each with a reason the rider is
told. A rejected declaration is deleted, as a withdrawn one is: no copy is kept, and the audit
trail names the action, never the organisation nor the reason. Reviewers may do neither."""

from __future__ import annotations

import json
import re

import pytest

from friendlystreet.accounts.badges import badge_codes
from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from volunteers import errors, services
from volunteers.models import PartyDeclaration, TeamMembership

pytestmark = pytest.mark.django_db

PAGE = "/staff/volunteers/"
BRANCH = "成龙路街道新就业群体联合党支部"


@pytest.fixture
def admin(client_for, street_admin):
    return client_for(street_admin)


@pytest.fixture
def member(rider, street_admin) -> TeamMembership:
    return services.team_decide(actor=street_admin, membership=services.team_request(rider=rider), accept=True)


@pytest.fixture
def declaration(rider) -> PartyDeclaration:
    return services.party_declare(rider=rider, organisation=BRANCH, consent=True)


def form_action(html: str, testid: str) -> str:
    """The action of the form inside the element marked data-testid=testid (the page's own URL)."""
    start = html.index(f'data-testid="{testid}"')
    return re.search(r'<form method="post" action="([^"]+)"', html[start:]).group(1)


def everything_audited() -> str:
    return json.dumps(list(AuditEntry.objects.values("action", "target_type", "data")), ensure_ascii=False, default=str)


# --- taking a member off the team ---------------------------------------------------------------


def test_a_member_is_taken_off_the_team_with_a_note_the_rider_is_told(admin, rider, member, street_admin):
    html = admin.get(PAGE).content.decode()
    assert "移出志愿队" in html
    action = form_action(html, "team-remove")

    response = admin.post(action, {"note": "连续三个月未参加活动"}, follow=True)

    member.refresh_from_db()
    assert member.status == TeamMembership.Status.LEFT
    assert member.decided_by == street_admin and member.note == "连续三个月未参加活动"
    assert "team_member" not in badge_codes(rider)
    [notice] = Notification.objects.filter(recipient=rider, kind="volunteers_team_removed")
    assert "连续三个月未参加活动" in notice.body
    [entry] = AuditEntry.objects.filter(action="volunteers.team_removed")
    assert entry.actor == street_admin and entry.data == {"note": "连续三个月未参加活动"}
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert f'data-testid="team-member" data-rider-id="{rider.pk}"' not in response.content.decode()


def test_the_removed_rider_may_ask_to_join_again(rider, member, street_admin):
    services.team_remove(actor=street_admin, membership=member, note="名额调整")

    again = services.team_request(rider=rider)

    assert again.status == TeamMembership.Status.REQUESTED


def test_taking_off_needs_a_note(admin, rider, member):
    response = admin.post(f"/staff/volunteers/team/{member.pk}/remove/", {"note": "  "}, follow=True)

    member.refresh_from_db()
    assert member.status == TeamMembership.Status.MEMBER
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Notification.objects.filter(kind="volunteers_team_removed").exists()


def test_a_rider_who_left_meanwhile_is_not_taken_off_twice(admin, rider, member):
    services.team_leave(rider=rider)

    response = admin.post(f"/staff/volunteers/team/{member.pk}/remove/", {"note": "长期未参加"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["该骑手已不是志愿队队员。"]
    assert not Notification.objects.filter(kind="volunteers_team_removed").exists()
    assert not AuditEntry.objects.filter(action="volunteers.team_removed").exists()


def test_reviewers_cannot_take_members_off(client_for, reviewer, member):
    response = client_for(reviewer).post(f"/staff/volunteers/team/{member.pk}/remove/", {"note": "x"})

    assert response.status_code == 403
    member.refresh_from_db()
    assert member.status == TeamMembership.Status.MEMBER
    with pytest.raises(errors.NotAllowed):
        services.team_remove(actor=reviewer, membership=member, note="x")


# --- rejecting a party declaration --------------------------------------------------------------


def test_a_declaration_is_rejected_deleted_and_the_rider_told_why(admin, rider, declaration, street_admin):
    html = admin.get(PAGE).content.decode()
    assert "驳回申报" in html
    action = form_action(html, "party-reject")

    response = admin.post(action, {"reason": "支部名称与组织关系不符，请核对后重新申报"}, follow=True)

    assert not PartyDeclaration.objects.filter(rider=rider).exists()
    assert "party_member" not in badge_codes(rider)
    [notice] = Notification.objects.filter(recipient=rider, kind="volunteers_party_rejected")
    assert "支部名称与组织关系不符" in notice.body
    [entry] = AuditEntry.objects.filter(action="volunteers.party_rejected")
    assert entry.actor == street_admin and entry.target_type == "accounts.user" and entry.target_id == str(rider.pk)
    audited = everything_audited()
    assert BRANCH not in audited and "支部名称" not in audited  # no copy, not even in the reason
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert f'data-testid="party-declaration" data-rider-id="{rider.pk}"' not in response.content.decode()


def test_the_rider_may_declare_again_after_a_rejection(rider, declaration, street_admin):
    services.party_reject(actor=street_admin, declaration=declaration, reason="请核对支部名称")

    again = services.party_declare(rider=rider, organisation=BRANCH, consent=True)

    assert again.confirmed_at is None


def test_rejecting_needs_a_reason(admin, rider, declaration):
    response = admin.post(f"/staff/volunteers/party/{declaration.pk}/reject/", {"reason": ""}, follow=True)

    assert PartyDeclaration.objects.filter(rider=rider).exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_confirmed_declaration_is_not_rejected_by_a_second_admin(admin, rider, declaration, street_admin):
    services.party_confirm(actor=street_admin, declaration=declaration)

    with pytest.raises(errors.NotRequested):
        services.party_reject(actor=street_admin, declaration=declaration, reason="晚了一步")

    assert PartyDeclaration.objects.filter(rider=rider, confirmed_at__isnull=False).exists()
    assert not Notification.objects.filter(kind="volunteers_party_rejected").exists()


def test_a_withdrawn_declaration_is_404(admin, rider, declaration):
    services.party_withdraw(rider=rider)

    assert admin.post(f"/staff/volunteers/party/{declaration.pk}/reject/", {"reason": "x"}).status_code == 404


def test_reviewers_cannot_reject_declarations(client_for, reviewer, rider, declaration):
    response = client_for(reviewer).post(f"/staff/volunteers/party/{declaration.pk}/reject/", {"reason": "x"})

    assert response.status_code == 403
    assert PartyDeclaration.objects.filter(rider=rider).exists()
    with pytest.raises(errors.NotAllowed):
        services.party_reject(actor=reviewer, declaration=declaration, reason="x")
