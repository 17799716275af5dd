"""A street admin opens an account for the barber's new colleague (a partner operator of the
barber's venue) or for a colleague at the street office, from 用户与角色: name, mobile number,
roles and venues. Nobody chooses a password: the person is told by SMS to sign in with their
number and a code, and does. A number that has an account is refused, naming it masked; every
refusal comes in one round; only street admins may do it; the audit trail says who opened it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from friendlystreet.accounts import roles, staff_users
from friendlystreet.accounts.models import User
from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from friendlystreet.sms.models import OutboxMessage
from tests.accounts.helpers import last_code
from tests.factories import ReviewerFactory, RiderFactory, UserFactory
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db

PHONE = "+8613912345678"


def text_of(response) -> str:
    body = re.sub(r"<select.*?</select>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.fixture
def barbers_venue(db):
    return VenueFactory(name="成龙路暖心理发店")


@pytest.fixture
def other_venue(db):
    return VenueFactory(name="社区卫生服务站")


def test_a_street_admin_opens_the_barbers_colleagues_account_and_the_colleague_signs_in_with_an_sms_code(
    client_for, street_admin, barbers_venue, other_venue, django_capture_on_commit_callbacks
):
    admin = client_for(street_admin)
    listing = admin.get("/staff/users/")
    assert 'href="/staff/users/new/"' in listing.content.decode()
    form = admin.get("/staff/users/new/")
    assert form.status_code == 200
    assert "对方用此手机号和短信验证码登录，无需密码。" in text_of(form)
    assert 'type="password"' not in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        made = admin.post(
            "/staff/users/new/",
            {"display_name": "王小剪", "phone": "139 1234 5678", "roles": ["partner_operator"], "venues": [barbers_venue.pk]},
            follow=True,
        )

    colleague = User.objects.get(phone=PHONE)
    assert made.redirect_chain == [(f"/staff/users/{colleague.pk}/", 302)]
    # what the admin typed, in full: the name and the number the SMS went to
    assert "已为王小剪开通账号。短信已告知其用手机号 139 1234 5678 接收验证码登录" in text_of(made)
    assert colleague.display_name == "王小剪"
    assert not colleague.has_usable_password()  # nobody chose one, nobody saw one
    assert not colleague.phone_verified  # the first code proves it
    assert colleague.username == "rider13912345678"  # sign-up's rule, which a change of number renames
    assert set(colleague.groups.values_list("name", flat=True)) == {roles.PARTNER}
    assert list(colleague.operated_venues.all()) == [barbers_venue]

    # Told by SMS how to sign in: the code sign-in page, their number, no password.
    sms = OutboxMessage.objects.get(phone=PHONE)
    assert "合作商户" in sms.text and "http://testserver/accounts/login/code/" in sms.text
    assert "验证码" in sms.text and "无需密码" in sms.text
    assert Notification.objects.filter(recipient=colleague, kind=staff_users.KIND_ACCOUNT_CREATED).exists()

    # On the audit trail: who opened it, the roles, the venue, the number masked.
    entry = AuditEntry.objects.get(action="accounts.account_created")
    assert entry.actor == street_admin and entry.target_id == str(colleague.pk)
    assert entry.data["changes"]["phone"] == ["", "139****5678"]
    assert entry.data["changes"]["venues"] == ["", "成龙路暖心理发店"]
    trail = text_of(admin.get("/staff/audit/", {"target_type": "accounts.user", "target_id": colleague.pk}))
    assert "街道管理员开通账号" in trail and "13912345678" not in trail

    # The colleague signs in as the SMS says, and confirms the barber's vouchers.
    phone = Client()
    assert phone.post("/accounts/login/code/", {"phone": "13912345678"}).status_code == 302
    assert phone.post("/accounts/login/code/confirm/", {"code": last_code(PHONE)}).status_code == 302
    assert phone.get("/redeem/").status_code == 200
    colleague.refresh_from_db()
    assert colleague.phone_verified


def test_a_colleague_made_a_street_admin_needs_a_reason_kept_on_the_trail(client_for, street_admin):
    admin = client_for(street_admin)
    data = {"display_name": "李主任", "phone": "13912340077", "roles": ["reviewer", "street_admin"]}

    refused = admin.post("/staff/users/new/", data)
    assert refused.status_code == 400
    assert "请填写原因" in text_of(refused)
    assert not User.objects.filter(phone="+8613912340077").exists()

    made = admin.post("/staff/users/new/", {**data, "reason": "新任街道办主任"})
    assert made.status_code == 302
    colleague = User.objects.get(phone="+8613912340077")
    assert set(colleague.groups.values_list("name", flat=True)) == {roles.REVIEWER, roles.STREET_ADMIN}
    assert AuditEntry.objects.get(action="accounts.account_created").data["reason"] == "新任街道办主任"
    assert client_for(colleague).get("/staff/users/").status_code == 200


def test_a_number_that_has_an_account_is_refused_naming_it_masked_with_a_link_to_it(client_for, street_admin):
    rider = RiderFactory(display_name="王小明", phone=PHONE)
    admin = client_for(street_admin)

    refused = admin.post("/staff/users/new/", {"display_name": "王小明", "phone": "13912345678", "roles": ["reviewer"]})

    assert refused.status_code == 400
    text = text_of(refused)
    assert "这个手机号已有账号（王** 139****5678）" in text
    assert "13912345678" not in refused.content.decode().replace('value="13912345678"', "")
    assert f'href="/staff/users/{rider.pk}/"' in refused.content.decode()
    assert User.objects.filter(phone=PHONE).count() == 1
    assert not AuditEntry.objects.exists() and not OutboxMessage.objects.exists()


def test_every_mistake_is_said_at_once_and_nothing_is_made(client_for, street_admin, barbers_venue):
    admin = client_for(street_admin)

    refused = admin.post("/staff/users/new/", {"display_name": "", "phone": "12345", "venues": [barbers_venue.pk]})

    assert refused.status_code == 400
    text = text_of(refused)
    assert refused.context["form"].errors == {
        "display_name": ["这个字段是必填项。"],
        "phone": ["请输入中国大陆手机号：以1开头的11位数字，如 13800000001。"],
        "roles": ["请至少选择一个角色。"],
        "venues": ["场所仅用于合作商户：请同时勾选该角色，或取消勾选场所。"],
    }
    assert "场所仅用于合作商户" in text
    assert User.objects.count() == 1

    partner_without_venue = admin.post(
        "/staff/users/new/", {"display_name": "王小剪", "phone": "13912345678", "roles": ["partner_operator"]}
    )
    assert partner_without_venue.status_code == 400
    assert partner_without_venue.context["form"].errors == {"venues": ["请选择此合作商户核销兑换券的场所。"]}
    assert "请选择此合作商户核销兑换券的场所" in text_of(partner_without_venue)
    assert not User.objects.filter(phone=PHONE).exists()


def test_the_service_refuses_the_same_mistakes_at_once_naming_each_field(street_admin, barbers_venue):
    """The page's rules are the service's (account_problems): called without the page, it
    refuses them all in one ValidationError, each on its field, and makes nothing."""
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        staff_users.account_create(
            actor=street_admin,
            display_name=" ",
            phone="12345",
            role_codes=[roles.REVIEWER, roles.STREET_ADMIN],
            venues=[barbers_venue],
            sign_in_url="https://example.org/accounts/login/code/",
        )

    assert refused.value.message_dict == {
        "display_name": ["请填写此人的姓名。"],
        "phone": ["请输入中国大陆手机号：以1开头的11位数字，如 13800000001。"],
        "venues": ["场所仅用于合作商户：请同时勾选该角色，或取消勾选场所。"],
        "reason": ["请填写原因，原因会记入操作记录。"],
    }
    assert User.objects.count() == 1  # the street admin
    assert not AuditEntry.objects.exists() and not Notification.objects.exists()

    with pytest.raises(ValidationError) as refused:
        staff_users.account_create(
            actor=street_admin,
            display_name="王小剪",
            phone=PHONE,
            role_codes=[roles.PARTNER, roles.RIDER],
            sign_in_url="https://example.org/accounts/login/code/",
        )
    assert set(refused.value.message_dict) == {"roles", "venues"}


def test_control_characters_and_unknown_roles_or_venues_are_form_errors_not_500s(client_for, street_admin):
    admin = client_for(street_admin)

    refused = admin.post(
        "/staff/users/new/", {"display_name": "王\x00小剪", "phone": "13912345678", "roles": ["rider"], "venues": ["99999"]}
    )

    assert refused.status_code == 400
    assert not User.objects.filter(phone=PHONE).exists()


@pytest.mark.parametrize("persona", ["reviewer", "merchant_a", "rider"])
def test_only_a_street_admin_opens_accounts(persona, request, client_for):
    user = request.getfixturevalue(persona)
    client = client_for(user)

    assert client.get("/staff/users/new/").status_code == 403
    assert (
        client.post("/staff/users/new/", {"display_name": "王小剪", "phone": "13912345678", "roles": ["reviewer"]}).status_code
        == 403
    )
    assert not User.objects.filter(phone=PHONE).exists()


def test_the_service_checks_the_permission_itself(reviewer):
    with pytest.raises(PermissionDenied):
        staff_users.account_create(
            actor=reviewer,
            display_name="王小剪",
            phone="13912345678",
            role_codes=[roles.REVIEWER],
            sign_in_url="https://example.org/accounts/login/code/",
        )
    assert not User.objects.filter(phone=PHONE).exists()


def test_the_service_refuses_a_taken_number_even_if_the_form_did_not_see_it(street_admin):
    existing = ReviewerFactory(display_name="审核员小刘", phone=PHONE)

    with pytest.raises(staff_users.PhoneTaken) as refused:
        staff_users.account_create(
            actor=street_admin,
            display_name="王小剪",
            phone=PHONE,
            role_codes=[roles.REVIEWER],
            sign_in_url="https://example.org/accounts/login/code/",
        )

    assert refused.value.existing == existing
    assert "审**** 139****5678" in refused.value.message


def test_the_username_made_of_the_number_may_be_left_by_an_earlier_change(street_admin):
    # An account that changed its number before usernames followed it still holds the name.
    UserFactory(username="rider13912345678", phone="+8613700000001")
    Group.objects.get_or_create(name=roles.REVIEWER)

    user = staff_users.account_create(
        actor=street_admin,
        display_name="王小剪",
        phone=PHONE,
        role_codes=[roles.REVIEWER],
        sign_in_url="https://example.org/accounts/login/code/",
    )

    assert user.username.startswith("rider13912345678") and user.username != "rider13912345678"
