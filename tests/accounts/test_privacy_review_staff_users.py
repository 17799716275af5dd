"""Users and roles, from the accounts review: making someone a street admin asks first and
keeps a reason; deactivating keeps a reason; a rider's page says where their verification
stands and whether a deletion is pending, with links to their verification and points; the
list names colleagues in full and masks riders only."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from friendlystreet.accounts import roles
from friendlystreet.accounts.models import User, Verification
from friendlystreet.audit.models import AuditEntry
from friendlystreet.privacy.models import DeletionRequest
from tests.factories import ReviewerFactory, RiderFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    body = re.sub(r"<select.*?</select>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def role_names(user) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


@pytest.fixture
def zhu(db):
    return RiderFactory(display_name="朱丽", phone="+8613800000014")


def test_making_a_rider_street_admin_asks_first_and_keeps_the_reason(client_for, street_admin, zhu):
    admin = client_for(street_admin)

    asked = admin.post(f"/staff/users/{zhu.pk}/roles/", {"roles": ["street_admin"]})
    assert asked.status_code == 200
    assert "确定将 朱* 138****0014 设为街道管理员吗？" in text_of(asked)
    assert 'id="confirm-admin"' in asked.content.decode()
    assert role_names(zhu) == {roles.RIDER}  # nothing given yet

    # Confirmed without a reason: asked again, still nothing given.
    again = admin.post(f"/staff/users/{zhu.pk}/roles/", {"roles": ["street_admin"], "confirm_admin": "1", "reason": " "})
    assert "请填写原因" in text_of(again) and role_names(zhu) == {roles.RIDER}

    done = admin.post(
        f"/staff/users/{zhu.pk}/roles/", {"roles": ["street_admin"], "confirm_admin": "1", "reason": "接任社区专干"}
    )
    assert done.status_code == 302
    assert role_names(zhu) == {roles.RIDER, roles.STREET_ADMIN}
    entry = AuditEntry.objects.get(action="accounts.roles_changed", target_id=str(zhu.pk))
    assert entry.data == {"changes": {"street_admin": [False, True]}, "reason": "接任社区专干"}


def test_giving_a_lesser_role_is_not_asked_about(client_for, street_admin, zhu):
    assert client_for(street_admin).post(f"/staff/users/{zhu.pk}/roles/", {"roles": ["reviewer"]}).status_code == 302
    assert role_names(zhu) == {roles.RIDER, roles.REVIEWER}


def test_deactivating_needs_a_reason_that_the_audit_trail_keeps(client_for, street_admin, zhu):
    admin = client_for(street_admin)
    page = admin.get(f"/staff/users/{zhu.pk}/").content.decode()
    assert 'id="deactivate-reason"' in page

    refused = admin.post(f"/staff/users/{zhu.pk}/active/", {"active": "0"}, follow=True)
    assert "请填写原因" in text_of(refused)
    assert User.objects.get(pk=zhu.pk).is_active

    admin.post(f"/staff/users/{zhu.pk}/active/", {"active": "0", "reason": "本人要求停用"})
    assert not User.objects.get(pk=zhu.pk).is_active
    entry = AuditEntry.objects.get(action="accounts.user_deactivated")
    assert entry.data["reason"] == "本人要求停用"
    trail = text_of(admin.get("/staff/audit/", {"target_type": "accounts.user", "target_id": zhu.pk}))
    assert "本人要求停用" in trail


def test_a_riders_page_shows_verification_a_pending_deletion_and_links(client_for, street_admin, zhu):
    User.objects.filter(pk=zhu.pk).update(verification=Verification.REJECTED)
    now = timezone.now()
    DeletionRequest.objects.create(rider=zhu, requested_at=now, scheduled_for=now + timezone.timedelta(days=7))

    page = client_for(street_admin).get(f"/staff/users/{zhu.pk}/")
    html, text = page.content.decode(), text_of(page)

    assert "认证未通过" in text
    day = timezone.localtime(now + timezone.timedelta(days=7)).strftime("%Y-%m-%d")
    assert f"本人已申请注销，将于 {day} 注销" in text
    assert "账号有效" not in text
    assert f'href="/staff/riders/{zhu.pk}/decide/"' in html
    assert f'href="/staff/balances/{zhu.pk}/"' in html


def test_the_list_names_colleagues_in_full_and_masks_riders(client_for, street_admin, zhu):
    colleague = ReviewerFactory(display_name="审核员李", username="shenhe")
    admin = client_for(street_admin)

    staff_list = text_of(admin.get("/staff/users/"))
    assert "审核员李 @shenhe" in staff_list and "审**" not in staff_list

    found = admin.get("/staff/users/", {"q": "0014"})
    assert "朱* 138****0014" in text_of(found) and "朱丽" not in found.content.decode()
    assert colleague.display_name not in text_of(found)
