"""A rider changes their mobile number (accounts review #1, #11, #5): through the real pages
and the SMS code, the new number replaces the old one, the old number is told and can no longer
sign in; a number another account has is refused before any code is sent; a typo is not a 429,
and a 429 is the site's page in Chinese with the way back."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from friendlystreet.accounts.models import User
from friendlystreet.audit.models import AuditEntry
from tests.accounts.helpers import last_code, texts_sent_to
from tests.factories import TEST_PASSWORD, ReviewerFactory, RiderFactory

pytestmark = pytest.mark.django_db

OLD = "+8613912340001"
NEW = "+8613912340002"
NBSP = "\u00a0"
CHANGE = "/accounts/phone/change/"
VERIFY = "/accounts/phone/verify/"


def flash_messages(response) -> str:
    return " ".join(re.findall(r'<li class="msg [^"]*">(.*?)</li>', response.content.decode(), re.S))


def signed_in_with_password(client, login: str, password: str = TEST_PASSWORD):
    return client.post("/accounts/login/", {"login": login, "password": password})


@pytest.fixture
def wang(db):
    return RiderFactory(display_name="王小明", phone=OLD)


def test_a_rider_changes_to_a_new_number_and_signs_in_with_it(client, wang, django_capture_on_commit_callbacks):
    assert signed_in_with_password(client, "13912340001").status_code == 302

    page = client.get(CHANGE).content.decode()
    assert "当前手机号" in page and f"139{NBSP}1234{NBSP}0001" in page and "+86" not in page

    sent = client.post(CHANGE, {"phone": "139 1234 0002"}, follow=True)
    assert f"验证码已发送至 139{NBSP}1234{NBSP}0002。" in flash_messages(sent)

    with django_capture_on_commit_callbacks(execute=True):  # the notice leaves once the change is saved
        done = client.post(VERIFY, {"code": last_code(NEW)}, follow=True)

    assert f"您的手机号已改为 139{NBSP}1234{NBSP}0002，今后请用新号码登录。" in flash_messages(done)
    wang.refresh_from_db()
    assert (wang.phone, wang.phone_verified) == (NEW, True)
    assert "139****0002" in client.get("/profile/").content.decode()
    # The old number is told, without the whole new number (its holder may be someone else now).
    (notice,) = texts_sent_to(OLD)
    assert "已改用手机号 139****0002" in notice and "如非您本人操作，请尽快联系街道办" in notice
    entry = AuditEntry.objects.get(action="accounts.phone_changed", target_id=str(wang.pk))
    assert entry.data == {"phone": ["139****0001", "139****0002"]}
    from friendlystreet.audit.selectors import action_label

    with translation.override("zh-hans"):
        assert action_label("accounts.phone_changed") == "更改手机号"  # how the audit trail names it

    client.post("/accounts/logout/")
    refused = signed_in_with_password(client, "13912340001")
    assert refused.status_code == 200 and "手机号或密码不正确。" in refused.content.decode()
    assert signed_in_with_password(client, "139 1234 0002").status_code == 302

    # ... and by SMS code, which now goes to the new number only.
    client.post("/accounts/logout/")
    client.post("/accounts/login/code/", {"phone": "13912340002"})
    assert client.post("/accounts/login/code/confirm/", {"code": last_code(NEW)}).status_code == 302
    assert client.get("/profile/").status_code == 200
    assert len(texts_sent_to(OLD)) == 1


def test_a_staff_member_without_a_number_can_add_one(client):
    staff = ReviewerFactory(phone=None, phone_verified=False)
    client.force_login(staff)

    client.post(CHANGE, {"phone": "13912340002"})
    client.post(VERIFY, {"code": last_code(NEW)})

    staff.refresh_from_db()
    assert (staff.phone, staff.phone_verified) == (NEW, True)


def test_a_number_another_account_has_is_refused_before_any_code_is_sent(client_for, wang, other_rider):
    client = client_for(wang)

    response = client.post(CHANGE, {"phone": other_rider.phone[3:]})

    assert response.status_code == 200
    assert "此手机号已被其他账号使用。" in response.content.decode()
    assert texts_sent_to(other_rider.phone) == []
    wang.refresh_from_db()
    assert wang.phone == OLD


def test_a_typo_then_the_right_number_is_not_too_many_requests(client_for, wang):
    client = client_for(wang)

    typo = client.post(CHANGE, {"phone": "123"})
    assert typo.status_code == 200 and "请输入中国大陆手机号" in typo.content.decode()

    corrected = client.post(CHANGE, {"phone": "13912340002"})
    assert corrected.status_code == 302 and corrected["Location"] == VERIFY


def test_the_fourth_try_in_ten_minutes_is_the_sites_page_in_chinese_with_the_way_back(client_for, wang):
    client = client_for(wang)
    for _ in range(3):
        client.post(CHANGE, {"phone": "123"})

    response = client.post(CHANGE, {"phone": "13912340002"})

    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page and "友好街道" in page  # the site's layout
    assert "操作太频繁" in page and "请 10 分钟后再试" in page and response["Retry-After"] == "600"
    assert f'href="{CHANGE}"' in page
    assert texts_sent_to(NEW) == []


def test_the_code_for_a_taken_number_never_reaches_its_owner_whatever_the_way_in(client, wang, other_rider):
    # allauth's own forms (its app API among them) would text the owner a code that can never be
    # used: the adapter does not send it.
    from friendlystreet.accounts.adapter import AccountAdapter

    AccountAdapter().send_verification_code_sms(wang, other_rider.phone, "123456")

    assert texts_sent_to(other_rider.phone) == []
    assert User.objects.get(pk=wang.pk).phone == OLD
