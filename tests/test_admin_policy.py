"""Django's admin (/admin/) follows the staff pages' rules (friendlystreet/accounts/admin_policy.py):

- only superusers enter; a street admin is told that the staff area covers their work;
- lists name people masked (张* 137****0001), roles in Chinese; verification and roles cannot be
  changed there, nor accounts added or deleted;
- every change made there is on our audit trail (/staff/audit/), in words;
- no page of it is a 500: the tip "add" page that was one is gone, and the superuser can open
  every list and every add page it links to."""

from __future__ import annotations

import re

import pytest

from friendlystreet.accounts.models import User, Verification
from friendlystreet.audit.models import AuditEntry
from tests.factories import PartnerFactory, RiderFactory, StreetAdminFactory
from tests.venues.factories import CommunityFactory, VenueFactory
from venues.models import Community, Venue

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


def test_a_street_admin_who_is_no_superuser_is_sent_to_the_staff_area(client_for):
    admin = StreetAdminFactory(is_staff=True)  # is_staff alone no longer opens the admin

    response = client_for(admin).get("/admin/venues/venue/", follow=True)

    assert response.status_code == 403
    html = html_of(response)
    assert "此页面仅供系统管理员使用" in html
    assert "街道管理员和审核员的工作都在工作台完成" in html
    assert 'href="/staff/"' in html
    assert not AuditEntry.objects.exists()


def test_a_superuser_enters(root):
    assert root.get("/admin/").status_code == 200


def test_the_users_list_masks_everyone_and_names_roles_in_chinese(root):
    rider = RiderFactory(display_name="张伟", phone="+8613800000001", username="rider13800000001")
    PartnerFactory(display_name="理发店王师傅", phone="+8613900000003", username="barber")

    page = html_of(root.get("/admin/accounts/user/"))

    assert "张* 138****0001" in page and "理***** 139****0003" in page
    assert "rider138****0001" in page
    for secret in ("13800000001", "张伟", "13900000003", "理发店王师傅"):
        assert secret not in page, secret
    assert "骑手" in page and "合作商户" in page
    assert ">rider<" not in page and ">partner_operator<" not in page  # the groups' codes
    # Found by the whole number, shown masked all the same.
    found = html_of(root.get("/admin/accounts/user/", {"q": "+8613800000001"}))
    assert f"/admin/accounts/user/{rider.pk}/change/" in found and "张* 138****0001" in found


def test_verification_roles_and_the_number_cannot_be_changed_in_the_admin(root, superuser):
    rider = RiderFactory(display_name="张伟", phone="+8613800000001", verification=Verification.UNVERIFIED)
    url = f"/admin/accounts/user/{rider.pk}/change/"

    page = html_of(root.get(url))
    for field in ("verification", "phone", "display_name", "groups", "is_active", "username"):
        assert f'name="{field}"' not in page, field
    assert "138****0001" in page and "13800000001" not in page and "骑手" in page

    saved = root.post(
        url, {"email": "zhang@example.org", "verification": "verified", "phone": "+8613900000009", "is_active": "", "groups": []}
    )

    assert saved.status_code == 302
    rider = User.objects.get(pk=rider.pk)
    assert rider.email == "zhang@example.org"
    assert (rider.verification, rider.phone, rider.is_active) == (Verification.UNVERIFIED, "+8613800000001", True)
    assert set(rider.groups.values_list("name", flat=True)) == {"rider"}
    entry = AuditEntry.objects.get(action="admin.changed")
    assert entry.actor == superuser and entry.target_id == str(rider.pk)


def test_accounts_are_neither_added_nor_deleted_in_the_admin(root):
    rider = RiderFactory()

    assert root.get("/admin/accounts/user/add/").status_code == 403
    assert root.post(f"/admin/accounts/user/{rider.pk}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=rider.pk).exists()


def test_the_tip_add_page_is_gone_instead_of_a_500(root):
    assert root.get("/admin/venues/tip/").status_code == 200
    assert root.get("/admin/venues/tip/add/").status_code == 403
    assert root.post("/admin/venues/tip/add/", {"text": "从北门进"}).status_code == 403


def test_a_venue_changed_in_the_admin_is_on_the_audit_trail_in_words(root, superuser, client_for):
    venue = VenueFactory(name="测试驿站A")
    venue.operators.add(PartnerFactory(display_name="理发店王师傅"))
    RiderFactory(display_name="张伟")
    url = f"/admin/venues/venue/{venue.pk}/change/"
    form = html_of(root.get(url))
    assert "张伟" not in form and 'name="operators"' not in form  # no picker listing every user

    data = {
        "name": "测试驿站A",
        "kind": venue.kind,
        "address": venue.address,
        "lat": "30.6",
        "lng": venue.lng,
        "hours_text": "",
        "active": "on",
        **{
            f"{prefix}-{key}": value
            for prefix in ("hours", "photos")
            for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
        },
    }
    saved = root.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Venue.objects.get(pk=venue.pk).lat == 30.6
    assert venue.operators.count() == 1  # kept: operators are set on /staff/users/

    entry = AuditEntry.objects.get(action="admin.changed", target_type="venues.venue")
    assert entry.actor == superuser
    trail = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html_of(client_for(superuser).get("/staff/audit/"))))
    assert "在站点管理中修改" in trail and "纬度" in trail


def test_a_deletion_in_the_admin_is_on_the_audit_trail(root, superuser):
    community = CommunityFactory(name="测试社区")

    deleted = root.post(f"/admin/venues/community/{community.pk}/delete/", {"post": "yes"})

    assert deleted.status_code == 302
    assert not Community.objects.filter(pk=community.pk).exists()
    entry = AuditEntry.objects.get(action="admin.deleted")
    assert (entry.actor, entry.target_type, entry.target_id) == (superuser, "venues.community", str(community.pk))
    assert entry.data == {"admin_record": "测试社区"}


def test_groups_show_their_chinese_role_names_and_cannot_be_changed(root):
    RiderFactory()
    StreetAdminFactory()

    page = html_of(root.get("/admin/auth/group/"))

    assert "骑手" in page and "街道管理员" in page
    assert root.get("/admin/auth/group/add/").status_code == 403


def test_the_superuser_can_open_every_list_and_every_add_page_the_admin_links_to(root):
    RiderFactory()
    index = html_of(root.get("/admin/"))
    links = sorted(set(re.findall(r'href="(/admin/[a-z_]+/[a-z_]+/(?:add/)?)"', index)))
    assert "/admin/accounts/user/" in links and "/admin/venues/tip/add/" not in links

    for link in links:
        assert root.get(link).status_code == 200, link
