"""Users and roles (用户与角色): a street admin finds a person, gives or takes their roles, picks
the venues a partner operator confirms vouchers for, and deactivates an account; every change
is on the audit trail in words. Stories through the pages, as the street admin uses them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendlystreet.accounts import roles
from friendlystreet.accounts.models import User
from friendlystreet.audit.models import AuditEntry
from tests.factories import PartnerFactory, StreetAdminFactory, UserFactory
from tests.venues.factories import VenueFactory
from venues.models import Venue

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """What the page reads, without its markup (the options of the audit filters left out)."""
    body = re.sub(r"<select.*?</select>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def role_names(user) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


@pytest.fixture
def barbers_venue(merchant_a):
    venue = VenueFactory(name="成龙路暖心理发店")
    venue.operators.add(merchant_a)
    return venue


@pytest.fixture
def colleague(db):
    """The barber's colleague: has an account (signed up with a phone), no role yet."""
    return UserFactory(username="xiaowang", display_name="王小剪", phone="+8613912345678")


def test_street_admin_makes_the_barbers_colleague_an_operator_and_they_can_then_redeem(
    client_for, street_admin, merchant_a, colleague, barbers_venue
):
    admin = client_for(street_admin)
    colleagues_phone = client_for(colleague)
    assert colleagues_phone.get("/redeem/").status_code == 403

    # Found by the last four digits of the phone, shown masked.
    found = admin.get("/staff/users/", {"q": "5678"})
    assert found.status_code == 200
    assert "139****5678" in text_of(found) and "13912345678" not in found.content.decode()
    assert f'data-user-id="{colleague.pk}"' in found.content.decode()
    # By the whole number too.
    assert f'data-user-id="{colleague.pk}"' in admin.get("/staff/users/", {"q": "139 1234 5678"}).content.decode()

    page = admin.get(f"/staff/users/{colleague.pk}/")
    assert page.status_code == 200 and "合作商户" in text_of(page)

    made = admin.post(f"/staff/users/{colleague.pk}/roles/", {"roles": ["partner_operator"]})
    assert made.status_code == 302
    assert role_names(colleague) == {roles.PARTNER}

    page = admin.get(f"/staff/users/{colleague.pk}/")
    assert "可核销兑换券的场所" in text_of(page)
    assert f'<option value="{barbers_venue.pk}">成龙路暖心理发店</option>' in page.content.decode()
    added = admin.post(f"/staff/users/{colleague.pk}/venues/", {"venue": barbers_venue.pk}, follow=True)
    assert "王**现在可以核销成龙路暖心理发店的兑换券。" in text_of(added)
    assert set(barbers_venue.operators.all()) == {merchant_a, colleague}  # the barber keeps it too

    redeem = colleagues_phone.get("/redeem/")
    assert redeem.status_code == 200
    assert "成龙路暖心理发店" in text_of(redeem)


def test_the_list_shows_staff_and_partners_with_their_roles_in_chinese_and_phones_masked(
    client_for, street_admin, reviewer, merchant_a, rider
):
    page = client_for(street_admin).get("/staff/users/")

    assert page.status_code == 200
    text = text_of(page)
    ids = set(re.findall(r'data-user-id="(\d+)"', page.content.decode()))
    assert ids == {str(street_admin.pk), str(reviewer.pk), str(merchant_a.pk)}  # the rider only by search
    assert {"审核员", "街道管理员", "合作商户"} <= set(text.split())
    assert merchant_a.masked_phone in text and merchant_a.phone[3:] not in page.content.decode()
    assert "partner_operator" not in text and "street_admin" not in text


def test_a_rider_found_by_name_keeps_being_a_rider_when_made_a_reviewer(client_for, street_admin, rider):
    rider.username = f"rider{rider.phone[3:]}"  # as sign-up names riders (adapter.py)
    rider.save()
    admin = client_for(street_admin)
    found = admin.get("/staff/users/", {"q": "张小骑"})
    assert f'data-user-id="{rider.pk}"' in found.content.decode()
    assert rider.phone[3:] not in found.content.decode()  # nor their username, made of it

    admin.post(f"/staff/users/{rider.pk}/roles/", {"roles": ["reviewer"]})

    assert role_names(rider) == {roles.RIDER, roles.REVIEWER}
    assert client_for(rider).get("/staff/").status_code == 200  # at their next page


def test_a_reviewer_gets_403_on_the_users_pages_and_changes_nothing(client_for, reviewer, rider, merchant_a):
    as_reviewer = client_for(reviewer)

    assert as_reviewer.get("/staff/users/").status_code == 403
    assert as_reviewer.get(f"/staff/users/{rider.pk}/").status_code == 403
    assert as_reviewer.post(f"/staff/users/{rider.pk}/roles/", {"roles": ["street_admin"]}).status_code == 403
    assert as_reviewer.post(f"/staff/users/{merchant_a.pk}/active/", {"active": "0"}).status_code == 403

    assert role_names(rider) == {roles.RIDER}
    assert User.objects.get(pk=merchant_a.pk).is_active
    assert not AuditEntry.objects.exists()


def test_the_last_street_admin_cannot_be_demoted_or_deactivated(client_for, street_admin):
    # Someone with every right but not in the street admins' group (Django's superuser).
    root = UserFactory(username="root", is_superuser=True)
    as_root = client_for(root)

    refused = as_root.post(f"/staff/users/{street_admin.pk}/roles/", {"roles": []})
    assert refused.status_code == 400
    assert "这是最后一位街道管理员，请先将另一人设为街道管理员。" in text_of(refused)
    assert role_names(street_admin) == {roles.STREET_ADMIN}

    deactivated = as_root.post(f"/staff/users/{street_admin.pk}/active/", {"active": "0"}, follow=True)
    assert "这是最后一位街道管理员" in text_of(deactivated)
    assert User.objects.get(pk=street_admin.pk).is_active
    assert not AuditEntry.objects.exists()

    # With a second street admin, the first may go.
    StreetAdminFactory()
    assert as_root.post(f"/staff/users/{street_admin.pk}/roles/", {"roles": []}).status_code == 302
    assert role_names(street_admin) == set()


def test_a_street_admin_cannot_change_their_own_roles_or_account(client_for, street_admin):
    StreetAdminFactory()  # not the last: the refusal is about changing oneself
    admin = client_for(street_admin)

    page = admin.get(f"/staff/users/{street_admin.pk}/")
    assert 'id="roles-form"' not in page.content.decode() and 'id="deactivate"' not in page.content.decode()

    refused = admin.post(f"/staff/users/{street_admin.pk}/roles/", {"roles": ["reviewer"]})
    assert refused.status_code == 400 and "您不能更改自己的角色或账号" in text_of(refused)
    admin.post(f"/staff/users/{street_admin.pk}/active/", {"active": "0"})

    assert role_names(street_admin) == {roles.STREET_ADMIN}
    assert User.objects.get(pk=street_admin.pk).is_active
    assert admin.get("/staff/users/").status_code == 200


def test_deactivating_a_user_makes_their_next_request_anonymous(client_for, street_admin, merchant_a, barbers_venue):
    merchants_phone = client_for(merchant_a)
    assert merchants_phone.get("/redeem/").status_code == 200

    done = client_for(street_admin).post(
        f"/staff/users/{merchant_a.pk}/active/", {"active": "0", "reason": "店员已离职"}, follow=True
    )
    assert "商**的账号已停用。" in text_of(done)

    next_page = merchants_phone.get("/redeem/")
    assert next_page.status_code == 302 and next_page["Location"].startswith("/accounts/login/")
    assert merchants_phone.get("/api/v1/me/").status_code in (401, 403)

    client_for(street_admin).post(f"/staff/users/{merchant_a.pk}/active/", {"active": "1"})
    assert User.objects.get(pk=merchant_a.pk).is_active


def test_taking_partner_operator_away_ends_their_venues(client_for, street_admin, merchant_a, barbers_venue):
    admin = client_for(street_admin)

    admin.post(f"/staff/users/{merchant_a.pk}/roles/", {"roles": []})

    assert role_names(merchant_a) == set()
    assert not barbers_venue.operators.exists()
    assert client_for(merchant_a).get("/redeem/").status_code == 403


def test_a_venue_is_only_added_to_a_partner_operator(client_for, street_admin, colleague, barbers_venue):
    refused = client_for(street_admin).post(f"/staff/users/{colleague.pk}/venues/", {"venue": barbers_venue.pk})

    assert refused.status_code == 400 and "请先将此人设为合作商户。" in text_of(refused)
    assert colleague not in barbers_venue.operators.all()


def test_every_change_is_on_the_audit_trail_in_chinese(client_for, street_admin, colleague, barbers_venue):
    admin = client_for(street_admin)
    admin.post(f"/staff/users/{colleague.pk}/roles/", {"roles": ["partner_operator", "reviewer"]})
    admin.post(f"/staff/users/{colleague.pk}/venues/", {"venue": barbers_venue.pk})
    admin.post(f"/staff/users/{colleague.pk}/venues/{barbers_venue.pk}/remove/")
    admin.post(f"/staff/users/{colleague.pk}/active/", {"active": "0", "reason": "已离职"})
    admin.post(f"/staff/users/{colleague.pk}/active/", {"active": "1"})

    entries = AuditEntry.objects.filter(target_type="accounts.user", target_id=str(colleague.pk)).order_by("id")
    assert [e.action for e in entries] == [
        "accounts.roles_changed",
        "accounts.operator_venue_added",
        "accounts.operator_venue_removed",
        "accounts.user_deactivated",
        "accounts.user_activated",
    ]
    assert all(e.actor_id == street_admin.pk for e in entries)
    assert entries[0].data == {"reviewer": [False, True], "partner_operator": [False, True]}
    assert entries[1].data == {"venues": ["", "成龙路暖心理发店"]}
    assert entries[3].data == {"changes": {"is_active": [True, False]}, "reason": "已离职"}

    trail = text_of(admin.get("/staff/audit/", {"target_type": "accounts.user", "target_id": colleague.pk}))
    actions = ("角色已变更", "合作商户已关联场所", "合作商户已解除关联场所", "账号已停用", "账号已启用")
    for words in (*actions, "审核员", "关联的场所", "已离职"):
        assert words in trail, words
    assert "accounts." not in trail and "partner_operator" not in trail and "venues" not in trail


def test_the_users_page_is_in_the_staff_menu_of_street_admins_only(client_for, street_admin, reviewer):
    assert "用户与角色" in text_of(client_for(street_admin).get("/staff/"))
    assert "用户与角色" not in text_of(client_for(reviewer).get("/staff/"))


def test_nothing_changes_on_a_second_identical_post(client_for, street_admin, merchant_a):
    admin = client_for(street_admin)
    admin.post(f"/staff/users/{merchant_a.pk}/roles/", {"roles": ["partner_operator", "reviewer"]})
    admin.post(f"/staff/users/{merchant_a.pk}/roles/", {"roles": ["partner_operator", "reviewer"]})

    assert AuditEntry.objects.filter(action="accounts.roles_changed").count() == 1
    assert Venue.objects.count() == 0


def test_the_list_costs_the_same_queries_for_three_people_or_thirty(client_for, street_admin, reviewer, merchant_a):
    admin = client_for(street_admin)
    admin.get("/staff/users/")  # the session and the menu's counts are warm after the first page
    with CaptureQueriesContext(connection) as few:
        admin.get("/staff/users/")
    PartnerFactory.create_batch(27)
    with CaptureQueriesContext(connection) as many:
        page = admin.get("/staff/users/")

    assert len(page.context["rows"]) == 30
    # the user, their permissions, the count, the page, its people's roles, the bell, the menu's
    # counts, and the count of the 申请注销中 tab (riders waiting to be deleted)
    assert len(many) == len(few) == 8


def test_a_persons_page_says_when_they_are_a_superuser_and_links_to_their_audit_trail(client_for, street_admin):
    root = UserFactory(username="root", is_superuser=True)

    page = client_for(street_admin).get(f"/staff/users/{root.pk}/")

    assert "超级管理员：无论以下角色如何，都拥有全部权限。" in text_of(page)
    assert f"/staff/audit/?target_type=accounts.user&amp;target_id={root.pk}" in page.content.decode()


def test_a_persons_page_names_their_number_as_every_other_page_does(client_for, street_admin, merchant_a):
    html = client_for(street_admin).get(f"/staff/users/{merchant_a.pk}/").content.decode()
    facts = re.search(r'<dl class="facts" id="person-facts">(.*?)</dl>', html, re.S).group(1)
    assert f"<dt>手机号</dt><dd>{merchant_a.masked_phone}</dd>" in facts
